#!/bin/sh
# check-refs.sh RELEASE: fails if what a student reads in RELEASE names a file the release lacks
# or a make target its Makefile lacks. It reads README.md, handouts/, docs/, labs/, the Makefile
# and .github/ of RELEASE and checks
#   - every path into the project: a word that starts with a top-level name of the repository or
#     of the release followed by "/" (`autograder/stress.sh`, `solutions/`), a bare top-level
#     name given to a make variable (`SUBMISSION=solutions`), any `../` path (outside the
#     release). NN-name stands for any lab, <...> and * for anything: the release must hold a
#     match. Paths under build/ are made by the build and are not checked.
#   - every make command: `make x` in inline code, a `make x` or `$ make x` line in a code block,
#     a workflow or the Makefile's recipes (`$(MAKE) x`): x must be a target of RELEASE/Makefile
#     (NN-name: any lab's target). Options and VAR=value words are skipped.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
release=$(cd "$1" && pwd)
refs=$(mktemp "${TMPDIR:-/tmp}/ipclab-refs-XXXXXX")
trap 'rm -f "$refs"' EXIT
cd "$release"

tops=$( (git -C "$root" ls-files 2>/dev/null; ls -A) | sed 's|/.*||' | sort -u | grep -v '^build$' |
        tr '\n' ' ')
# the targets make knows in RELEASE (its database, with $(LABS) expanded)
targets=$(make -pRrq -f Makefile .ipclab-no-such-target 2>/dev/null |
          awk '/^# Not a target/ { skip = 1; next }
               /^[A-Za-z0-9][A-Za-z0-9_.-]*:([^=]|$)/ && !skip { sub(/:.*/, ""); print }
               { skip = 0 }' | sort -u | tr '\n' ' ')
files=$(find README.md handouts docs labs Makefile .github -type f 2>/dev/null | sort)

# "file:line: kind what" for each path and make target named, then each is looked up
awk -v tops=" $tops " '
    function path_words(s,    w, at, before) {
        while (match(s, /(\.\.\/|=)?[A-Za-z0-9_.<>*-]+(\/[A-Za-z0-9_.<>*-]*)*/)) {
            w = substr(s, RSTART, RLENGTH); before = substr(s, RSTART - 1, 1)
            s = substr(s, RSTART + RLENGTH)
            if (before ~ /[\/A-Za-z0-9_.-]/) continue  # the middle of /dev/shm or a URL
            sub(/[.:]+$/, "", w)
            if (w ~ /^\.\.\//) { print FILENAME ":" FNR ": path " w; continue }
            at = (w ~ /^=/); if (at) w = substr(w, 2)
            if (w == "" || (w !~ /\// && !at)) continue
            if (index(tops, " " (w ~ /\// ? substr(w, 1, index(w, "/") - 1) : w) " "))
                print FILENAME ":" FNR ": path " w
        }
    }
    function make_words(s,    n, word, i) {  # s starts after "make"
        n = split(s, word, /[ \t]+/)
        for (i = 1; i <= n; i++) {
            if (word[i] == "" || word[i] ~ /^-/ || word[i] ~ /=/) continue
            if (word[i] ~ /^[A-Za-z0-9][A-Za-z0-9_.-]*$/) print FILENAME ":" FNR ": target " word[i]
            break
        }
    }
    FNR == 1 { fenced = 0; code = (FILENAME ~ /(^|\/)Makefile$|\.ya?ml$/) }
    /^[ \t]*```/ { fenced = !fenced; next }
    {
        path_words($0)
        if (code || fenced) {
            line = $0; sub(/#.*/, "", line)
            if (match(line, /^[ \t]*(\$ )?make([ \t]|$)|\$\(MAKE\)[ \t]|run: make[ \t]/))
                make_words(substr(line, RSTART + RLENGTH))
        }
        for (rest = $0; match(rest, /`make( [^`]*)?`/); rest = substr(rest, RSTART + RLENGTH))
            make_words(substr(rest, RSTART + 5, RLENGTH - 6))
    }' $files | sort -u | sort -s -t: -k1,1 -k2,2n >"$refs"

bad=$(while IFS= read -r ref; do
    what=${ref##* } glob=${ref##* }
    case $what in *NN-name* | *"<"*)
        glob=$(echo "$what" | sed 's/NN-name/[0-9][0-9]-*/g; s/<[^>]*>/*/g') ;;
    esac
    case $ref in
    *": target "*)
        found=
        for t in $targets; do case $t in $glob) found=1 ;; esac; done
        [ -n "$found" ] || echo "$ref: no such target in the release's Makefile" ;;
    *)
        # shellcheck disable=SC2086 # the glob is meant to expand
        set -- $glob
        [ -e "${1:-}" ] || echo "$ref: not in the release" ;;
    esac
done <"$refs")
if [ -n "$bad" ]; then
    echo "$bad"
    echo "the release $release names what it does not have (see check-refs.sh)"
    exit 1
fi
echo "every path and make target named in $release is there"
