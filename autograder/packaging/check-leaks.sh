#!/bin/sh
# check-leaks.sh RELEASE: fails if RELEASE holds a copy of a reference solution file (anywhere),
# or if a skeleton in RELEASE/labs/ holds a line of a solution that no skeleton in the
# repository has (lines compared without indentation; lines shorter than
# IPCLAB_LEAK_MIN characters, such as "}" or "return 0;", prove nothing). Handouts that quote a
# solution line are listed as a warning: a hint may quote one on purpose.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
release=$1
min=${IPCLAB_LEAK_MIN:-30}  # characters a line needs to count as solution text

leaks=$(
    cd "$root"
    # the solutions' own lines: those no skeleton in the repository has (a line such as an
    # #include that one lab's skeleton gives away is no secret in another lab either)
    awk -v min="$min" '
        { line = $0; gsub(/^[ \t]+|[ \t]+$/, "", line) }
        FILENAME ~ /^labs\// { skeleton[line] = 1; next }
        length(line) >= min && !(line in skeleton) && line !~ /^\/\/ (BEGIN|END) SOLUTION/ {
            print line
        }' labs/[0-9][0-9]-*/* solutions/[0-9][0-9]-*/* |
        sort -u >"${TMPDIR:-/tmp}/ipclab-solution-lines.$$"
    for sol in solutions/[0-9][0-9]-*/*; do
        lab_file=labs/${sol#solutions/}
        [ -f "$sol" ] && ! cmp -s "$sol" "$lab_file" 2>/dev/null || continue
        find "$release" -type f -size "$(wc -c <"$sol")c" -exec cmp -s "$sol" {} \; \
             -exec echo "{}: a copy of $sol" \;
    done
    find "$release/labs" "$release/handouts" -type f |
    while IFS= read -r f; do
        awk -v file="${f#$release/}" '
            FNR == NR { solution[$0] = 1; next }
            { line = $0; gsub(/^[ \t]+|[ \t]+$/, "", line) }
            line in solution { printf "%s:%d: %s\n", file, FNR, line }' \
            "${TMPDIR:-/tmp}/ipclab-solution-lines.$$" "$f"
    done
    rm -f "${TMPDIR:-/tmp}/ipclab-solution-lines.$$"
)
warnings=$(echo "$leaks" | grep '^handouts/' || true)
leaks=$(echo "$leaks" | grep -v '^handouts/' || true)
[ -z "$warnings" ] || { echo "warning: handouts quote solution lines:"; echo "$warnings"; }
if [ -n "$leaks" ]; then
    echo "solution text in the release:" >&2
    echo "$leaks" >&2
    exit 1
fi
echo "no solution line in $release"
