#!/bin/sh
# CTest: the student release's two checks catch what they are for, and make dist obeys them.
#   1. make dist builds the release of this tree: no solution line, no dangling reference, and a
#      Makefile that offers none of the targets whose files stay behind.
#   2. check-leaks.sh finds solution lines planted in a copy of the release (a handout's inline
#      code, a grader source, a skeleton's TODO region, a header behind a trailing comment) and
#      only those: short lines, idioms and the skeleton's own lines planted beside them pass.
#   3. check-refs.sh finds the paths and make targets planted in the copy that the release lacks,
#      and only those.
#   4. make dist refuses a tree whose handout quotes a solution line (a clone of this one).
#   test-release-checks.sh WORK_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$1
rm -rf "$work"
mkdir -p "$work"

# expect_exactly OUTPUT_FILE EXPECTED_FILE: the "file:line" of each report line, as planted
expect_exactly() {
    sed -n 's/^\([^ :]*:[0-9]*\): .*/\1/p' "$1" | sort -u >"$1.where"
    sort -u "$2" >"$2.sorted"
    diff "$2.sorted" "$1.where" >/dev/null || {
        echo "expected reports at (<) but got (>):"; diff "$2.sorted" "$1.where"; cat "$1"; exit 1
    }
}

# 1
sh "$here/make-dist.sh" "$work/dist" >"$work/dist.log" 2>&1 || { cat "$work/dist.log"; exit 1; }
rel="$work/dist/ipclab-student"
test -f "$work/dist/ipclab-student.tar.gz"
for t in check stress grade-batch dist dist-check gradescope skeletons; do
    if grep -q "^$t:" "$rel/Makefile"; then echo "the release's Makefile offers $t"; exit 1; fi
done
grep -q '^grade:' "$rel/Makefile" && grep -q '^bench:' "$rel/Makefile"
test ! -e "$rel/docs/instructors.md" && test ! -e "$rel/autograder/stress.sh"
grep -q '^| `01-shm-open` | ' "$rel/README.md"  # the table of labs was generated

# 2: three secret lines (from check-leaks.sh --list), one idiom, two short or shared lines
copy="$work/planted"
cp -r "$rel" "$copy"
sh "$here/check-leaks.sh" --list >"$work/needles"
pick() {  # the longest code line of a lab that sed and printf take as it is
    grep -F "$1" "$work/needles" |
        awk -F '\t' '$1 !~ /^\/\/|[\\&`%]/ && length($1) > length(best) { best = $1 } END { print best }'
}
a=$(pick solutions/01-shm-open/) b=$(pick solutions/07-semaphores/) c=$(pick solutions/10-unix-socket/)
test -n "$a" && test -n "$b" && test -n "$c"
idiom=$(grep -v '^#' "$here/leak-idioms.txt" | grep . | head -1)
shared=$(grep -v -e TODO -e '^ *//' -e '^#' -e '^ *$' "$rel/labs/04-pipe/pipe_echo.cpp" |
         awk 'length($0) >= 25 { print; exit }')
handout="$copy/handouts/05-fifo.md" suite="$copy/autograder/01-shm-open/suite.cpp"
skeleton="$copy/labs/07-semaphores/bb_init.cpp" header="$copy/common/ipclab/fd.hpp"
printf '\nLike this: `%s`, or `%s` and `return 0;`.\n%s\n' "$a" "$idiom" "$shared" >>"$handout"
n=$(wc -l <"$handout")
printf '        %s\n' "$c" >>"$suite"
todo=$(grep -n '// TODO:' "$skeleton" | head -1 | cut -d: -f1)
sed -i "${todo}a\\    $b" "$skeleton"
printf '%s  // with a comment of its own\n' "$a" >>"$header"
{
    echo "handouts/05-fifo.md:$((n - 1))"
    echo "autograder/01-shm-open/suite.cpp:$(wc -l <"$suite")"
    echo "labs/07-semaphores/bb_init.cpp:$((todo + 1))"
    echo "common/ipclab/fd.hpp:$(wc -l <"$header")"
} >"$work/leaks.expected"
if sh "$here/check-leaks.sh" "$copy" >"$work/leaks.out" 2>&1; then
    echo "check-leaks.sh passed a release with planted solution lines:"; cat "$work/leaks.out"
    exit 1
fi
expect_exactly "$work/leaks.out" "$work/leaks.expected"

# 3: references the release lacks, beside ones it has
cp -r "$rel" "$work/refs"
h="$work/refs/handouts/01-shm-open.md"
n=$(wc -l <"$h")
cat >>"$h" <<'EOF'

Make sure you run `make 01-shm-open`, `make NN-name` and `make grade LAB=01` (see labs/NN-name/,
/dev/shm/x and read/write); compare `handouts/02-shm-rw.md`.
Then `make stress`, and look at `autograder/selftest/01-shm-open/` and ../shared/CURRICULUM.md.
```
$ make check
make bench SUBMISSION=solutions
```
EOF
echo "// compare with solutions/01-shm-open/shm_create.cpp" >>"$work/refs/labs/01-shm-open/shm_create.cpp"
printf 'hog:\n\t@sh autograder/stress.sh\n' >>"$work/refs/Makefile"
{
    echo "handouts/01-shm-open.md:$((n + 4))"
    echo "handouts/01-shm-open.md:$((n + 6))"
    echo "handouts/01-shm-open.md:$((n + 7))"
    echo "labs/01-shm-open/shm_create.cpp:$(wc -l <"$work/refs/labs/01-shm-open/shm_create.cpp")"
    echo "Makefile:$(wc -l <"$work/refs/Makefile")"
} >"$work/refs.expected"
if sh "$here/check-refs.sh" "$work/refs" >"$work/refs.out" 2>&1; then
    echo "check-refs.sh passed a release with planted bad references:"; cat "$work/refs.out"
    exit 1
fi
expect_exactly "$work/refs.out" "$work/refs.expected"
for what in 'target stress' 'autograder/selftest/01-shm-open/' '../shared/CURRICULUM.md' \
            'target check' 'path solutions:' 'solutions/01-shm-open/shm_create.cpp' \
            'autograder/stress.sh'; do
    grep -qF "$what" "$work/refs.out" || { echo "not reported: $what"; cat "$work/refs.out"; exit 1; }
done

# 4: make dist itself refuses, and leaves no tarball
git clone -q --shared "$root" "$work/repo"
cp -r "$here/." "$work/repo/autograder/packaging/"  # this tree's packaging, committed or not
printf 'Like this: `%s`.\n' "$b" >>"$work/repo/handouts/05-fifo.md"
if sh "$work/repo/autograder/packaging/make-dist.sh" "$work/repo-dist" >"$work/repo.log" 2>&1; then
    echo "make dist built a release whose handout quotes a solution line:"; cat "$work/repo.log"
    exit 1
fi
grep -q '^handouts/05-fifo.md:' "$work/repo.log" && test ! -e "$work/repo-dist/ipclab-student.tar.gz"
echo "release checks: ok"
