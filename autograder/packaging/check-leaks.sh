#!/bin/sh
# check-leaks.sh RELEASE: fails if any file of RELEASE holds a line of a reference solution.
#
# A solution's secret lines are the ones its skeleton does not get: the lines inside its
# BEGIN/END SOLUTION regions (not the marker's TODO text, which the skeleton shows), and, in a
# solution file without markers, the lines its twin in labs/ lacks. Of those the check ignores
#   - short lines: under IPCLAB_LEAK_MIN characters (20) once blanks are squeezed, such as "}",
#     "return 0;", "close(fd);", and #include/#pragma lines: they give nothing away;
#   - lines the student has anyway: a line outside the regions of any solution (the skeletons
#     carry it) or in common/ (helpers that ship);
#   - the lines listed in leak-idioms.txt: API idioms a solution shares with the grader's own
#     code (it must talk to the programs it grades), never an answer.
# Every other secret line is looked for in every text file of RELEASE, line by line and in each
# `inline code` span (blanks squeezed, a trailing "// comment" cut off on both sides): a copy in
# a handout's prose, a doc, a skeleton, a test or the grader counts alike.
#
#   check-leaks.sh RELEASE    the check
#   check-leaks.sh --list     print the lines it looks for, each with where it comes from
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
list=$(mktemp "${TMPDIR:-/tmp}/ipclab-leaks-XXXXXX")
trap 'rm -f "$list"' EXIT
release=
if [ "$1" != --list ]; then
    release=$(cd "$1" && pwd)
    (cd "$release" && find . -type f -exec grep -lI '' {} + | sed 's|^\./||' | sort) >"$list"
fi

cd "$root"
awk -v min="${IPCLAB_LEAK_MIN:-20}" -v idioms="$here/leak-idioms.txt" -v release="$release" \
    -v list="$list" '
    function norm(s) {
        gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s)
        if (s !~ /^\/\//) sub(/ \/\/.*$/, "", s)  # a trailing comment, not a comment line
        return s
    }
    # one solution file, read into text[1..n]: sort its lines into secret and public
    function flush(    i, marked, inside, header, twin, l) {
        for (i = 1; i <= n; i++) if (text[i] ~ /^[ \t]*\/\/ BEGIN SOLUTION/) marked = 1
        twin = "labs/" substr(file, length("solutions/") + 1)
        for (i = 1; i <= n; i++) {
            l = norm(text[i])
            if (!marked) {  # a hand-written skeleton: what it lacks is the answer
                if ((twin, l) in skeleton) public[l] = 1; else secret(l, i)
                continue
            }
            # the TODO text goes on in the comment lines below the marker (make-skeletons.sh)
            if (header && text[i] ~ /^[ \t]*\/\/ / && text[i] !~ / (BEGIN|END) SOLUTION/) continue
            header = 0
            if (text[i] ~ /^[ \t]*\/\/ BEGIN SOLUTION/) { inside = 1; header = 1; continue }
            if (text[i] ~ /^[ \t]*\/\/ END SOLUTION/) { inside = 0; continue }
            if (inside) secret(l, i); else public[l] = 1
        }
        n = 0
    }
    function secret(l, i) { if (!(l in from)) { from[l] = file ":" i; order[++count] = l } }
    function look(l, where) {
        if ((l = norm(l)) in needle) {
            printf "%s: %s   (%s)\n", where, l, from[l]; leaks++
        }
    }
    FILENAME == idioms { if ($0 !~ /^(#|$)/) idiom[norm($0)] = 1; next }
    FILENAME ~ /^common\// { public[norm($0)] = 1; next }
    FILENAME ~ /^labs\// { skeleton[FILENAME, norm($0)] = 1; next }
    FNR == 1 { if (n) flush(); file = FILENAME }
    { text[++n] = $0 }
    END {
        if (n) flush()
        for (i = 1; i <= count; i++) {
            l = order[i]
            if (l in idiom) { used[l] = 1; continue }
            if (length(l) >= min && l !~ /^#(include|pragma)/ && !(l in public)) {
                needle[l] = 1; needles++
                if (release == "") print l "\t" from[l]
            }
        }
        if (release == "") exit 0
        for (l in idiom) if (!(l in used))
            printf "note: leak-idioms.txt: no solution line is \"%s\" any more\n", l
        while ((getline f < list) > 0) {
            for (no = 1; (getline line < (release "/" f)) > 0; no++) {
                look(line, f ":" no)
                for (rest = line; match(rest, /`[^`]+`/); rest = substr(rest, RSTART + RLENGTH))
                    look(substr(rest, RSTART + 1, RLENGTH - 2), f ":" no)
            }
            close(release "/" f)
        }
        if (leaks) {
            printf "%d solution lines in the release %s (see check-leaks.sh)\n", leaks, release
            exit 1
        }
        printf "no solution line in %s (%d lines looked for)\n", release, needles
    }' "$here/leak-idioms.txt" $(find common -type f | sort) labs/[0-9][0-9]-*/* \
    solutions/[0-9][0-9]-*/*
