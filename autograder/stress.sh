#!/bin/sh
# make stress: grade the reference solutions RUNS times pinned to one CPU while another process
# hogs that CPU, and report every test whose verdict was not "passed" every time. Target: none.
set -eu
build=${BUILD:-build}
runs=${RUNS:-50}
lab=${LAB:-}
out=$build/stress
rm -rf "$out" && mkdir -p "$out"

# The hog shares CPU 0 with the grading: the worst case for timing assumptions.
taskset -c 0 sh -c 'while :; do :; done' &
hog=$!
trap 'kill $hog 2>/dev/null' EXIT INT TERM

start=$(date +%s)
i=1
while [ "$i" -le "$runs" ]; do
    taskset -c 0 "$build/ipclab-grade" --submission solutions ${lab:+--lab "$lab"} \
        --results "$out/run-$i.json" >"$out/run-$i.txt" 2>&1 || true
    # results.json lists each test's name, then its status, on lines of their own.
    awk -F'"' '/"name":/ {name=$4} /"status":/ {print $4 "\t" name}' "$out/run-$i.json" \
        >>"$out/verdicts.tsv"
    printf '\rrun %d/%d' "$i" "$runs"
    i=$((i + 1))
done
echo
seconds=$(( $(date +%s) - start ))
changed=$(awk -F'\t' '$1 != "passed" {print $2}' "$out/verdicts.tsv" | sort | uniq -c)
tests=$(cut -f2 "$out/verdicts.tsv" | sort -u | wc -l)
echo "stress: $runs gradings of the solutions ($tests tests each), pinned to CPU 0 beside a hog, in ${seconds} s"
if [ -n "$changed" ]; then
    echo "stress: verdicts that changed (failures out of $runs):"
    echo "$changed"
    exit 1
fi
echo "stress: no verdict changed"
