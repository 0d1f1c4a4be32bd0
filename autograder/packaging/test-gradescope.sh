#!/bin/sh
# CTest: make gradescope's autograder.zip, unpacked into a simulated /autograder, grades a
# submission with run_autograder and writes a valid results.json.
#   test-gradescope.sh BUILD_DIR WORK_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 work=$2
rm -rf "$work"; mkdir -p "$work/autograder/source" "$work/autograder/submission/labs"
sh "$root/autograder/packaging/make-gradescope.sh" "$work/zip"
(cd "$work/autograder/source" && unzip -q "$work/zip/autograder.zip")
test -x "$work/autograder/source/setup.sh"
test ! -e "$work/autograder/source/ipclab/solutions"
cp -R "$root/solutions/01-shm-open" "$work/autograder/submission/labs/"
IPCLAB_AUTOGRADER_ROOT="$work/autograder" IPCLAB_BUILD="$build" \
IPCLAB_GRADE_ARGS="--lab 01 --test remove" \
    "$work/autograder/source/run_autograder"
r="$work/autograder/results/results.json"
jq -e '(.score | type) == "number" and .score == ([.tests[].max_score] | add) and (.tests | length) >= 1 and
       all(.tests[]; (.name | type) == "string" and (.score | type) == "number" and
           (.max_score | type) == "number" and (.status == "passed" or .status == "failed") and
           (.output | type) == "string" and (.visibility | type) == "string")' "$r" >/dev/null ||
    { cat "$r"; exit 1; }
# the hidden test of lab 01 ran, and students see it only once grades are published
jq -e '[.tests[] | select(.visibility == "after_published")] | length == 1 and
       .[0].name == "01-shm-open: shm_remove removes an object it may not open" and
       .[0].status == "passed"' "$r" >/dev/null || { echo "no hidden test graded"; cat "$r"; exit 1; }
echo "gradescope: ok"
