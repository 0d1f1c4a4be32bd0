#!/bin/sh
# A concurrency mutant graded under the perturber fails with "replay with SEED=N", and grading
# it again with --seed N fails again under that seed (docs/perturber.md).
#   replay.sh GRADER SOURCE_DIR WORK_DIR LAB MUTANT TEST
set -eu
GRADE=$1 SRC=$2 WORK=$3 LAB=$4 MUTANT=$5 TEST=$6
rm -rf "$WORK"
mkdir -p "$WORK/sub"
cp -r "$SRC/solutions/$LAB" "$WORK/sub/$LAB"
patch -s -p1 -d "$WORK/sub/$LAB" -i "$SRC/autograder/selftest/$LAB/$MUTANT.patch"

if "$GRADE" --submission "$WORK/sub" --lab "$LAB" --test "$TEST" --jobs 2 \
    --results "$WORK/first.json" >"$WORK/first.txt"; then
    echo "the mutant $LAB/$MUTANT passed under the perturber"
    exit 1
fi
seed=$(sed -n 's/.*replay with SEED=\([0-9]*\).*/\1/p' "$WORK/first.txt" | head -n 1)
if [ -z "$seed" ]; then
    echo "no 'replay with SEED=' in the feedback:"
    cat "$WORK/first.txt"
    exit 1
fi
if "$GRADE" --submission "$WORK/sub" --lab "$LAB" --test "$TEST" --jobs 2 --seed "$seed" \
    --results "$WORK/replay.json" >"$WORK/replay.txt"; then
    echo "SEED=$seed failed the first time but passed on replay"
    exit 1
fi
grep -q "failed under the schedule of SEED=$seed" "$WORK/replay.txt" || {
    echo "the replay does not name SEED=$seed:"
    cat "$WORK/replay.txt"
    exit 1
}
echo "SEED=$seed failed, and failed again on replay"
