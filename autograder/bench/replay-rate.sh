#!/bin/sh
# Replay of the schedule perturber (docs/perturber.md): grades a concurrency mutant's test once
# under each of SEEDS fresh seeds, then replays up to 5 of the failing seeds
# REPLAYS times each with --seed, and counts how often each gives the same verdict again.
#
#   sh autograder/bench/replay-rate.sh BUILD LAB/MUTANT TEST [SEEDS] [REPLAYS]
set -u
BUILD=$1 MUTANT=$2 TEST=$3 SEEDS=${4:-10} REPLAYS=${5:-10}
. "$(dirname "$0")/common.sh"
LAB=${MUTANT%%/*}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sub"
cp -r "$ROOT/solutions/$LAB" "$work/sub/$LAB"
patch -s -p1 -d "$work/sub/$LAB" -i "$ROOT/autograder/selftest/$MUTANT.patch" || exit 1

grade() {  # grade [--seed N] ...: prints "fail SEED" or "pass SEED"
    "$GRADE" --submission "$work/sub" --lab "$LAB" --test "$TEST" --jobs 2 --rounds 1 "$@" \
        --results "$work/r.json" >"$work/r.txt" 2>&1
    rc=$?
    seed=$(sed -n 's/.*SEED=\([0-9]*\).*/\1/p' "$work/r.txt" | head -n 1)
    if [ $rc -eq 0 ]; then echo "pass ${seed:-?}"; else echo "fail ${seed:-?}"; fi
}

fails="" passes=0 nf=0
i=0
while [ $i -lt "$SEEDS" ]; do
    i=$((i + 1))
    set -- $(grade)
    [ "$1" = fail ] && { fails="$fails $2"; nf=$((nf + 1)); } || passes=$((passes + 1))
done
echo "$MUTANT: $nf of $SEEDS fresh seeds failed (one perturbed round each)"
n=0
for seed in $fails; do
    n=$((n + 1))
    [ $n -le 5 ] || break
    again=0 r=0
    while [ $r -lt "$REPLAYS" ]; do
        r=$((r + 1))
        set -- $(grade --seed "$seed")
        [ "$1" = fail ] && again=$((again + 1))
    done
    echo "SEED=$seed failed again on $again of $REPLAYS replays"
done
