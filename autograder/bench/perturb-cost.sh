#!/bin/sh
# The schedule perturber's cost and its false alarms (docs/perturber.md). Not part of make check.
#
#   sh autograder/bench/perturb-cost.sh time [BUILD] [PAIRS] [LAB...]
#       grades the solutions' LABs (default: the concurrency labs) PAIRS times without and with
#       the perturber, alternating, and prints each grading's wall time and the medians:
#       lab,mode,run,seconds ... then lab,median_plain,median_perturbed,ratio
#   sh autograder/bench/perturb-cost.sh solutions [BUILD] [RUNS]
#       grades the solutions' concurrency tests RUNS times under the perturber (3 rounds each),
#       pinned to CPU 0 beside a CPU hog, and lists every test that failed, with the count.
set -u
what=${1:-time}
BUILD=${2:-build}
N=${3:-5}
shift 3 2>/dev/null || shift $#
. "$(dirname "$0")/common.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

seconds_of() { sed -n 's/^(graded in \([0-9]*\) ms.*/\1/p' "$1" | awk '{ printf "%.3f\n", $1 / 1000 }'; }

case $what in
time)
    [ $# -gt 0 ] || set -- 03 05 06 07 08 09 10 11
    echo "lab,mode,run,seconds"
    for lab in "$@"; do
        i=1
        while [ $i -le "$N" ]; do
            for mode in plain perturbed; do
                flags=
                [ $mode = plain ] && flags=--no-perturb
                "$GRADE" --submission "$ROOT/solutions" --lab "$lab" --jobs 2 $flags \
                    --results "$out/r.json" >"$out/r.txt" 2>&1 || echo "$lab,$mode,$i,FAILED" >&2
                s=$(seconds_of "$out/r.txt")
                echo "$lab,$mode,$i,$s"
                echo "$s" >>"$out/$lab.$mode"
                echo "$s" >>"$out/all.$mode.$i"
            done
            i=$((i + 1))
        done
    done
    echo "lab,median_plain,median_perturbed,ratio"
    for lab in "$@"; do
        p=$(median <"$out/$lab.plain") q=$(median <"$out/$lab.perturbed")
        echo "$lab,$p,$q,$(echo "scale=2; $q / $p" | bc)"
    done
    # The sum over the labs of one pass, per pass; the median of those sums.
    for mode in plain perturbed; do
        for f in "$out"/all.$mode.*; do awk '{ s += $1 } END { print s }' "$f"; done | median >"$out/total.$mode"
    done
    p=$(cat "$out/total.plain") q=$(cat "$out/total.perturbed")
    echo "all,$p,$q,$(echo "scale=2; $q / $p" | bc)"
    ;;
solutions)
    taskset -c 0 sh -c 'while :; do :; done' &
    hog=$!
    trap 'kill $hog 2>/dev/null; rm -rf "$out"' EXIT INT TERM
    i=1
    while [ $i -le "$N" ]; do
        taskset -c 0 "$GRADE" --submission "$ROOT/solutions" --concurrent-only --jobs 2 \
            --results "$out/run-$i.json" >"$out/run-$i.txt" 2>&1
        awk -F'"' '/"name":/ {name=$4} /"status":/ {print $4 "\t" name}' "$out/run-$i.json" \
            >>"$out/verdicts.tsv"
        grep -A3 FAIL "$out/run-$i.txt" >&2
        i=$((i + 1))
    done
    tests=$(cut -f2 "$out/verdicts.tsv" | sort -u | wc -l)
    failed=$(awk -F'\t' '$1 != "passed"' "$out/verdicts.tsv" | wc -l)
    echo "solutions: $N gradings of $tests concurrency tests under the perturber, pinned to CPU 0 beside a hog: $failed failed"
    awk -F'\t' '$1 != "passed" {print $2}' "$out/verdicts.tsv" | sort | uniq -c
    ;;
esac
