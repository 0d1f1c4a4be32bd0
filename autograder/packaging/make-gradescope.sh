#!/bin/sh
# make-gradescope.sh OUT: builds OUT/autograder.zip for Gradescope ("Zip file upload"): setup.sh,
# run_autograder, and the grader's sources in ipclab/ (everything committed but the reference
# solutions, the self-test mutants and CI; hidden tests included).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
stage="$out/autograder"
cd "$root"
rm -rf "$stage" "$out/autograder.zip"
mkdir -p "$stage/ipclab"
git ls-files -z | tr '\0' '\n' | grep -v -E -e '^solutions/' -e '^autograder/selftest/' -e '^\.ci/' |
while IFS= read -r f; do
    [ -e "$f" ] || continue
    mkdir -p "$stage/ipclab/$(dirname "$f")"
    cp -p "$f" "$stage/ipclab/$f"
done
cp autograder/packaging/gradescope/setup.sh autograder/packaging/gradescope/run_autograder "$stage/"
(cd "$stage" && zip -qr "$out/autograder.zip" setup.sh run_autograder ipclab)
echo "Gradescope autograder: $out/autograder.zip ($(unzip -l "$out/autograder.zip" | tail -1 | awk '{print $2}') files)"
