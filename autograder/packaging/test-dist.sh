#!/bin/sh
# CTest: make dist builds a release without solutions, mutants or hidden tests; the release
# configures, its grader and the suite of lab 01 build, and its `make grade` machinery grades
# its skeleton 0 (a full build of every suite is `make dist-check`, too slow for make check).
#   test-dist.sh WORK_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
rm -rf "$work"
sh "$root/autograder/packaging/make-dist.sh" "$work"
rel="$work/ipclab-student"
test -f "$work/ipclab-student.tar.gz"
test -f "$rel/.github/workflows/classroom.yml"
test ! -e "$rel/solutions" && test ! -e "$rel/autograder/selftest"
test -f "$root/autograder/01-shm-open/hidden.cpp" && test ! -e "$rel/autograder/01-shm-open/hidden.cpp"
if grep -rl 'HIDDEN_GRADED("' "$rel/autograder" | grep -v 'harness/hidden.hpp'; then
    echo "a hidden test shipped"; exit 1
fi
cmake -S "$rel" -B "$rel/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$rel/build" --target ipclab-grade suite-01-shm-open -j 2 >"$work/build.log" 2>&1 ||
    { cat "$work/build.log"; exit 1; }
# the grader only sees the suites that were built: lab 01
timeout 300 "$rel/build/ipclab-grade" --submission "$rel/labs" --lab 01 --jobs 2 \
    --expect-score 0 --results "$work/skeleton.json"
echo "dist: ok"
