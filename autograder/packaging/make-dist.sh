#!/bin/sh
# Builds the student release: DIST/ipclab-student/ and DIST/ipclab-student.tar.gz. It holds the
# files of the repository (git ls-files: what is committed or staged, as it is in the work tree)
# that a student needs to do the labs and grade them: the skeletons, handouts, common/, the
# grader and docs/contract.md. Left out: the reference solutions, the self-test mutants, the
# hidden tests (autograder/NN-name/hidden*.cpp), the project's own tests, CI and stress run,
# the perturber's benchmarks (they grade mutants), these packaging tools, and the other docs
# (they describe the project's tests and the instructors' tools, which the release lacks).
# Three files are the student's own version:
#   README.md     student-README.md, with the table of labs taken from the handouts' titles
#                 (and its lines "@path@ text" kept only if the release has path);
#   Makefile      the repository's, cut at its "---- Everything below" line (check, stress and
#                 the instructors' targets need what the release lacks);
#   .github/workflows/classroom.yml   github-classroom.yml (GitHub Classroom grades each push).
# The release is refused (exit 1) if any solution line leaks into it (check-leaks.sh) or if its
# README, handouts, docs, skeletons or Makefile name a file or make target it lacks
# (check-refs.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
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

rm -rf "$release" "$dist/ipclab-student.tar.gz"
mkdir -p "$release"
git ls-files | while IFS= read -r f; do
    case $f in
    solutions/* | autograder/selftest/* | autograder/tests/* | autograder/packaging/* | .ci/* | \
    autograder/[0-9][0-9]-*/hidden*.cpp | autograder/stress.sh | README.md | Makefile) continue ;;
    autograder/bench/bench.sh | autograder/bench/*.awk) ;;
    autograder/bench/*) continue ;;
    docs/contract.md) ;;
    docs/*) continue ;;
    esac
    [ -e "$f" ] && echo "$f"  # not if deleted in the work tree, not yet committed
done | tar -cf - -T - | tar -xpf - -C "$release"

cut='^# ---- Everything below'
grep -q "$cut" Makefile || { echo "make dist: the Makefile lost its line \"$cut\"" >&2; exit 1; }
sed "/$cut/,\$d" Makefile >"$release/Makefile"
awk '
    FILENAME ~ /^handouts\// {  # its first line: "# Lab 01 — Title"
        if (FNR > 1) next
        lab = FILENAME; sub(/^handouts\//, "", lab); sub(/\.md$/, "", lab)
        title = $0; sub(/^# Lab [0-9]+ *[^ ]* */, "", title)
        labs = labs sprintf("| `%s` | %s | `handouts/%s.md` |\n", lab, title, lab)
        next
    }
    /^@LABS@$/ { printf "%s", labs; next }
    /^@[^@ ]+@ / {  # "@path@ text": the text only if the release has path
        path = substr($0, 2, index(substr($0, 2), "@") - 1)
        if (system("test -e \"" release "/" path "\"") != 0) next
        sub(/^@[^@ ]+@ /, "")
    }
    /^$/ && blank++ { next }  # one blank line where a dropped line leaves two
    { if ($0 != "") blank = 0; print }' \
    release="$release" handouts/[0-9][0-9]-*.md "$here/student-README.md" >"$release/README.md"
mkdir -p "$release/.github/workflows"
cp "$here/github-classroom.yml" "$release/.github/workflows/classroom.yml"

status=0
sh "$here/check-leaks.sh" "$release" || status=1
sh "$here/check-refs.sh" "$release" || status=1
if [ $status != 0 ]; then
    echo "make dist: refused; the release is left in $release for a look, with no tarball" >&2
    exit 1
fi
tar -czf "$dist/ipclab-student.tar.gz" -C "$dist" ipclab-student
echo "student release: $release and $dist/ipclab-student.tar.gz ($(find "$release" -type f | wc -l) files)"
