#!/bin/sh
# build.sh BUILD JOBS: builds the project into BUILD, its output in BUILD/build.log. On a
# terminal, a line of progress while something compiles; on failure, the whole log.
build=$1
jobs=$2
log=$build/build.log
if [ -t 1 ]; then
    # cmake's own "[ 42%] Building CXX object ..." lines, on one line that rewrites itself.
    { cmake --build "$build" -j "$jobs" 2>&1; echo "$?" >"$log.status"; } | tee "$log" |
        awk '/^\[ *[0-9]+%\] (Building|Linking)/ {
                 n++; sub(/ object .*\//, " "); printf "\r\033[Kbuilding the grader %s", $0; fflush()
             }
             END { if (n) printf "\r\033[K" }'
else
    cmake --build "$build" -j "$jobs" >"$log" 2>&1
    echo "$?" >"$log.status"
fi
status=$(cat "$log.status")
rm -f "$log.status"
[ "$status" = 0 ] || { cat "$log"; exit 1; }
