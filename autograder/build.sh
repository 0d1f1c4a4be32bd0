#!/bin/sh
# build.sh BUILD JOBS: builds the project into BUILD, its output in BUILD/build.log. On a
# terminal, a line of progress while something compiles; on failure, the whole log.
build=$1
jobs=$2
log=$build/build.log
# Ninja, not CMake's Makefiles: `make grade` builds first, and with nothing to rebuild Ninja
# checks the whole project in 0.1 s, the Makefiles in 1.6 s. Once configured, Ninja itself runs
# CMake again when a CMakeLists.txt or a lab folder changes. A build folder that another
# generator made is configured afresh (its objects are then compiled again, once).
if [ ! -f "$build/build.ninja" ]; then
    rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
fi
if [ -t 1 ]; then
    # Ninja's "[3/89] Building CXX object ..." lines, on one line that rewrites itself.
    { cmake --build "$build" -j "$jobs" 2>&1; echo "$?" >"$log.status"; } | tee "$log" |
        awk '/^\[[0-9]+\/[0-9]+\] (Building|Linking)/ {
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
