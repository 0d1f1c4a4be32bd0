#!/bin/sh
# Builds the student release: DIST/ipclab-student/ and DIST/ipclab-student.tar.gz. It holds every
# file of the repository (git ls-files: what is committed or staged, as it is in the work tree)
# except the reference solutions, the self-test mutants, the hidden tests
# (autograder/NN-name/hidden*.cpp), the project's own tests and CI, and these packaging tools;
# it adds the GitHub Classroom workflow as .github/workflows/classroom.yml.
# It refuses to build a release that any solution line leaks into (check-leaks.sh).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$(mkdir -p "${1:-dist}" && cd "${1:-dist}" && pwd)
release="$dist/ipclab-student"
cd "$root"

# HIDDEN_GRADED belongs in hidden*.cpp files only: anywhere else it would ship.
stray=$(git ls-files -z 'autograder/[0-9][0-9]-*' | xargs -0 grep -l 'HIDDEN_GRADED' 2>/dev/null |
        grep -v '/hidden[^/]*\.cpp$' || true)
if [ -n "$stray" ]; then
    echo "make dist: HIDDEN_GRADED outside a hidden*.cpp file (it would ship): $stray" >&2
    exit 1
fi

rm -rf "$release"
mkdir -p "$release"
git ls-files -z | tr '\0' '\n' | grep -v -E \
    -e '^solutions/' \
    -e '^autograder/selftest/' \
    -e '^autograder/[0-9][0-9]-[^/]*/hidden[^/]*\.cpp$' \
    -e '^autograder/tests/' \
    -e '^autograder/packaging/' \
    -e '^\.ci/' |
while IFS= read -r f; do
    [ -e "$f" ] || continue  # deleted in the work tree, not yet committed
    mkdir -p "$release/$(dirname "$f")"
    cp -p "$f" "$release/$f"
done
mkdir -p "$release/.github/workflows"
cp autograder/packaging/github-classroom.yml "$release/.github/workflows/classroom.yml"

sh autograder/packaging/check-leaks.sh "$release"
tar -czf "$dist/ipclab-student.tar.gz" -C "$dist" ipclab-student
echo "student release: $release and $dist/ipclab-student.tar.gz ($(find "$release" -type f | wc -l) files)"
