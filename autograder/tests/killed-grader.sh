#!/bin/sh
# CTest: a grader killed with SIGKILL in mid-grading leaves nothing behind: the programs it ran
# die with it (PR_SET_PDEATHSIG) and its janitor removes its scratch directory.
#   killed-grader.sh IPCLAB_GRADE SOLUTIONS
set -eu
grade=$1 solutions=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TMPDIR=$tmp "$grade" --submission "$solutions" --lab 01,02 --jobs 2 >/dev/null 2>&1 &
pid=$!

# Polls until CONDITION holds; the evidence, not a guess at how long it takes. The bound (6000
# looks, a minute on a quiet machine and longer on a loaded one) only ends a broken run.
poll() {
    i=0
    until eval "$1"; do
        i=$((i + 1)); [ "$i" -lt 6000 ] || return 1
        sleep 0.01
    done
}
# Kill it once it runs something, where it cannot clean up by itself.
poll 'children=$(pgrep -P "$pid"); [ -n "$children" ]' || { echo "the grader ran nothing"; exit 1; }
kill -KILL "$pid"
wait "$pid" || true
leftovers() {
    ls -A "$tmp"
    for c in $children; do kill -0 "$c" 2>/dev/null && echo "process $c"; done
    true
}
poll '[ -z "$(leftovers)" ]' || { echo "left behind: $(leftovers)"; exit 1; }
echo "killed grader: nothing left"
