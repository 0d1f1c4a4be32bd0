#!/bin/bash
# How long a warm `make grade` takes (docs/harness.md, "What a grading costs"). Not a test: a
# measurement to run by hand before and after a change to the grader.
#
#   bash autograder/bench/grade-time.sh [BUILD] [RUNS] [LAB...]
#
# Grades the solutions and the skeletons once to warm the program cache, then RUNS times
# (default 5) each, interleaved with a reference grading (lab 01 of the solutions alone) whose
# time tells how loaded the machine was. Prints, as CSV, every run's wall, user and system
# seconds, then the medians; with LABs (or "all") also each lab graded alone, median of RUNS.
set -u
BUILD=${1:-build}
RUNS=${2:-5}
shift 2 2>/dev/null || shift $#
. "$(dirname "$0")/common.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
[ "${1:-}" = all ] && set -- $(cd "$ROOT/autograder" && ls -d [0-9][0-9]-* )

# Runs one grading; appends "wall user sys" (seconds, children included) to the file $1.
measure() {
    local file=$1
    shift
    local TIMEFORMAT='%R %U %S'
    { time "$GRADE" --results "$out/r.json" "$@" >"$out/r.txt" 2>&1; } 2>>"$file"
}

median_of() { awk -v f="$2" '{ print $f }' "$1" | median; }

# Warm the cache: the first grading of a submission compiles its programs.
for sub in solutions labs; do
    "$GRADE" --submission "$ROOT/$sub" --results "$out/r.json" >/dev/null 2>&1
done

echo "what,run,wall,user,sys"
i=1
while [ "$i" -le "$RUNS" ]; do
    measure "$out/reference" --submission "$ROOT/solutions" --lab 01-shm-open
    measure "$out/solutions" --submission "$ROOT/solutions"
    grep -q '^TOTAL \([0-9]*\)/\1$' "$out/r.txt" || echo "solutions: not full marks" >&2
    measure "$out/skeletons" --submission "$ROOT/labs"
    for what in reference solutions skeletons; do
        echo "$what,$i,$(tail -n 1 "$out/$what" | tr ' ' ',')"
    done
    for lab in "$@"; do
        measure "$out/lab-$lab" --submission "$ROOT/solutions" --lab "$lab"
        echo "$lab,$i,$(tail -n 1 "$out/lab-$lab" | tr ' ' ',')"
    done
    i=$((i + 1))
done

echo
echo "median of $RUNS,wall,user,sys,wall/reference"
ref=$(median_of "$out/reference" 1)
for what in reference solutions skeletons "${@/#/lab-}"; do
    [ -s "$out/$what" ] || continue
    w=$(median_of "$out/$what" 1)
    echo "${what#lab-},$w,$(median_of "$out/$what" 2),$(median_of "$out/$what" 3),$(echo "scale=1; $w / $ref" | bc)"
done
