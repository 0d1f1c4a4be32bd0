#!/bin/sh
# CTest: ipclab-batch on small submissions: a solution folder, a zipped skeleton, a damaged
# archive, a tarball with an escaping path, an empty folder, an archive with a top-level folder,
# an archive holding only one of the two labs, programs under the wrong names, a lab that does
# not compile, and programs that all exit 0 doing nothing. Checks every score, that each 0 says
# why, the reports, and that a re-run grades nothing again.  test-batch.sh BUILD_DIR WORK_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 work=$2
rm -rf "$work"; mkdir -p "$work/subs/alice/labs"
cp -R "$root/solutions/01-shm-open" "$work/subs/alice/labs/"
(cd "$root/labs" && zip -qr "$work/subs/bob.zip" 01-shm-open)
echo "not an archive" >"$work/subs/carol.tar.gz"
mkdir -p "$work/evil/x" && cp "$root/labs/01-shm-open/shm_stat.cpp" "$work/evil/x/"
tar -czf "$work/subs/dave.tar.gz" -C "$work/evil/x" --transform 's|^|../01-shm-open/|' shm_stat.cpp
mkdir "$work/subs/erin"
mkdir -p "$work/t/frank/labs" && cp -R "$root/solutions/01-shm-open" "$root/solutions/02-shm-rw" "$work/t/frank/labs/"
tar -czf "$work/subs/frank.tar.gz" -C "$work/t" frank
(cd "$root/solutions" && zip -qr "$work/subs/gina.zip" 01-shm-open)
mkdir -p "$work/subs/hank/01-shm-open" "$work/subs/hank/02-shm-rw"
for f in "$root"/solutions/01-shm-open/*.cpp "$root"/solutions/02-shm-rw/*; do
    n=$(basename "$f"); cp "$f" "$work/subs/hank/$(basename "$(dirname "$f")")/$(echo "$n" | tr _ -)"
done
mkdir -p "$work/subs/ivan" && cp -R "$root/solutions/01-shm-open" "$root/solutions/02-shm-rw" "$work/subs/ivan/"
echo 'int broken = ;' >>"$work/subs/ivan/02-shm-rw/shm_read.cpp"
for lab in 01-shm-open 02-shm-rw; do
    mkdir -p "$work/subs/jill/$lab"
    for f in "$root/solutions/$lab"/*.cpp; do echo 'int main() { return 0; }' >"$work/subs/jill/$lab/${f##*/}"; done
done
cp "$root/solutions/02-shm-rw/shm_layout.hpp" "$work/subs/jill/02-shm-rw/"
run() { "$build/ipclab-batch" --submissions "$work/subs" --out "$work/out" --jobs 2 --lab 01,02 \
        --test "release their descriptors" --progress lines; }
run >"$work/first.log"
cat "$work/out/gradebook.csv"
book() { grep -q "^$1" "$work/out/gradebook.csv" || { echo "gradebook lacks: $1"; exit 1; }; }
feedback() { grep -q "$2" "$work/out/students/$1/feedback.txt" || { echo "$1's feedback lacks: $2"; exit 1; }; }
book 'alice,5,0,5,15,$'    # lab 02 missing: its test scores 0
feedback alice 'no folder .*02-shm-rw'
book 'bob,0,0,0,15,$'
book 'carol,0,0,0,15,"\{0,1\}not graded: the archive does not open'
book 'dave,0,0,0,15,"\{0,1\}not graded: a path escapes'
book 'erin,0,0,0,15,"\{0,1\}not graded: no lab sources'
book 'frank,5,10,15,15,$'
book 'gina,5,0,5,15,$'
book 'hank,0,0,0,15,$'
feedback hank 'no executable named shm_create'
book 'ivan,5,0,5,15,$'
feedback ivan 'did not compile'
book 'jill,0,0,0,15,$'    # exit 0 is no evidence of work
for s in alice bob carol dave erin frank gina hank ivan jill; do
    jq -e '.score >= 0 and (.tests | length) == 2' "$work/out/students/$s/results.json" >/dev/null
    test -s "$work/out/students/$s/feedback.txt"
done
grep -q 'new Chart' "$work/out/summary.html"
grep -q 'Pass rate of each test' "$work/first.log"
run >"$work/second.log"
grep -q 'Graded 0 submission(s), 7 unchanged' "$work/second.log"
echo "batch: ok"
