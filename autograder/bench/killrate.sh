#!/bin/sh
# The schedule perturber's benchmark (docs/perturber.md): how often each concurrency mutant is
# caught without and with the perturber, on both CPUs and pinned to one, over RUNS gradings each.
# Not part of `make check`: it takes many minutes.
#
#   sh autograder/bench/killrate.sh [BUILD] [RUNS] [MUTANT...]
#
# MUTANT is LAB/NAME (07-semaphores/no-mutex), or LAB/NAME:N to grade that one N times instead
# (a mutant whose clients wait for their deadline costs 40 s a grading); the default is every
# mutant caught by a
# concurrent test of labs 03 and 05 to 11. Prints one CSV line per mutant and configuration:
# mutant,config,caught,runs,errors,median_seconds. "errors" counts runs whose patch did not apply
# or whose grader failed (not counted as caught or missed). CONFIGS="plain-2cpu plain-1cpu" (say)
# measures only some of the four configurations; ROUNDS=N grades with N perturbed rounds instead
# of the default.
set -u
BUILD=${1:-build}
RUNS=${2:-20}
shift 2 2>/dev/null || shift $#
. "$(dirname "$0")/common.sh"

if [ $# -eq 0 ]; then
    set -- 03-mmap-file/non-atomic 05-fifo/one-request-per-read 06-mq/checks-curmsgs \
        07-semaphores/no-mutex 07-semaphores/no-modulo 07-semaphores/post-wrong-semaphore \
        07-semaphores/pingpong-posts-own 07-semaphores/pingpong-no-creat \
        08-flock/counter-lock-after-read \
        08-flock/counter-lock-sh 08-flock/counter-no-lock 08-flock/bank-unlock-before-write \
        09-sysv/no-setall 09-sysv/reader-no-wait 09-sysv/writer-no-wait \
        10-unix-socket/one-at-a-time 11-signals/block-after-fork \
        11-signals/pause-not-sigsuspend 11-signals/stdio-lines
fi


echo "mutant,config,caught,runs,errors,median_seconds"
for spec in "$@"; do
    mutant=${spec%%:*}
    runs=$RUNS
    [ "$mutant" = "$spec" ] || runs=${spec#*:}
    patch="$ROOT/autograder/selftest/$mutant.patch"
    for config in ${CONFIGS:-plain-2cpu perturbed-2cpu plain-1cpu perturbed-1cpu}; do
        case $config in
            plain-*) flags=--no-perturb ;;
            *) flags= ;;
        esac
        case $config in
            *-1cpu) pin="taskset -c 0" ;;
            *) pin= ;;
        esac
        caught=0 errors=0 times=""
        i=0
        while [ $i -lt "$runs" ]; do
            i=$((i + 1))
            start=$(date +%s.%N)
            out=$($pin "$GRADE" --submission "$ROOT/solutions" --jobs 2 $flags ${ROUNDS:+--rounds "$ROUNDS"} \
                --mutant "$patch" 2>&1)
            end=$(date +%s.%N)
            times="$times $(echo "$end - $start" | bc)"
            if printf '%s\n' "$out" | grep -q '^caught '; then
                caught=$((caught + 1))
            elif ! printf '%s\n' "$out" | grep -q '^MISSED .*passed: the suite did not catch'; then
                errors=$((errors + 1))
                printf '%s\n' "$out" | head -5 >&2
            fi
        done
        med=$(for t in $times; do echo "$t"; done | median)
        echo "$mutant,$config,$caught,$runs,$errors,$med"
    done
done
