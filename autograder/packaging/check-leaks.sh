#!/bin/sh
# check-leaks.sh RELEASE: fails if a line of a reference solution that its skeleton does not also
# have appears anywhere in RELEASE. Lines are compared with their indentation stripped; short
# lines ("}", "return 0;", includes) prove nothing and are not compared.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
release=$1
min=${IPCLAB_LEAK_MIN:-24}  # characters a line needs to count as solution text

leaks=$(
    cd "$root"
    for sol in solutions/[0-9][0-9]-*/*; do
        [ -f "$sol" ] || continue
        lab_file=labs/${sol#solutions/}
        [ -f "$lab_file" ] || lab_file=/dev/null
        # the solution's own lines: those its skeleton lacks
        awk -v min="$min" '
            { line = $0; gsub(/^[ \t]+|[ \t]+$/, "", line) }
            FNR == NR { skeleton[line] = 1; next }
            length(line) >= min && !(line in skeleton) && line !~ /^\/\/ (BEGIN|END) SOLUTION/ {
                print line
            }' "$lab_file" "$sol"
    done | sort -u >"${TMPDIR:-/tmp}/ipclab-solution-lines.$$"
    find "$release" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.md' \
         -o -name '*.txt' -o -name '*.sh' -o -name '*.yml' -o -name 'Makefile' \) |
    while IFS= read -r f; do
        awk -v file="${f#$release/}" '
            FNR == NR { solution[$0] = 1; next }
            { line = $0; gsub(/^[ \t]+|[ \t]+$/, "", line) }
            line in solution { printf "%s:%d: %s\n", file, FNR, line }' \
            "${TMPDIR:-/tmp}/ipclab-solution-lines.$$" "$f"
    done
    rm -f "${TMPDIR:-/tmp}/ipclab-solution-lines.$$"
)
if [ -n "$leaks" ]; then
    echo "solution text in the release:" >&2
    echo "$leaks" >&2
    exit 1
fi
echo "no solution line in $release"
