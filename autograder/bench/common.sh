# Shared by the perturber's benchmark scripts, sourced once BUILD is set: where the project and
# its grader are, and the median of numbers read one per line.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GRADE="$ROOT/$BUILD/ipclab-grade"
[ -x "$GRADE" ] || GRADE="$BUILD/ipclab-grade"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "" }'; }
