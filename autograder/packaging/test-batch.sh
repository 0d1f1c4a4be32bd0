#!/bin/sh
# CTest: ipclab-batch on four small submissions (a solution folder, a zipped skeleton, a damaged
# archive, a tarball with an escaping path); checks the gradebook, the reports, and that a re-run
# grades nothing again.  test-batch.sh BUILD_DIR WORK_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 work=$2
rm -rf "$work"; mkdir -p "$work/subs/alice/labs"
cp -R "$root/solutions/01-shm-open" "$work/subs/alice/labs/"
(cd "$root/labs" && zip -qr "$work/subs/bob.zip" 01-shm-open)
echo "not an archive" >"$work/subs/carol.tar.gz"
mkdir -p "$work/evil/x" && cp "$root/labs/01-shm-open/shm_stat.cpp" "$work/evil/x/"
tar -czf "$work/subs/dave.tar.gz" -C "$work/evil/x" --transform 's|^|../01-shm-open/|' shm_stat.cpp
run() { "$build/ipclab-batch" --submissions "$work/subs" --out "$work/out" --jobs 2 --lab 01 \
        --test "missing arguments" --progress lines; }
run >"$work/first.log"
cat "$work/out/gradebook.csv"
grep -q '^alice,10,10,10,$' "$work/out/gradebook.csv"
grep -q '^bob,0,0,10,$' "$work/out/gradebook.csv"
grep -q '^carol,0,0,10,"\{0,1\}not graded: the archive does not open' "$work/out/gradebook.csv"
grep -q '^dave,0,0,10,"\{0,1\}not graded: a path escapes' "$work/out/gradebook.csv"
for s in alice bob carol dave; do
    jq -e '.score >= 0 and (.tests | length) == 1' "$work/out/students/$s/results.json" >/dev/null
    test -s "$work/out/students/$s/feedback.txt"
done
grep -q 'new Chart' "$work/out/summary.html"
grep -q 'Pass rate of each test' "$work/first.log"
run >"$work/second.log"
grep -q 'Graded 0 submission(s), 2 unchanged' "$work/second.log"
echo "batch: ok"
