#!/bin/sh
# Installs the Debian/Ubuntu packages ipclab needs, if any is missing. Says so before it does.
set -eu

# package : a file that is there once the package is installed
needs="
g++:/usr/bin/g++
make:/usr/bin/make
cmake:/usr/bin/cmake
ninja-build:/usr/bin/ninja
patch:/usr/bin/patch
valgrind:/usr/bin/valgrind
doctest-dev:/usr/include/doctest/doctest.h
nlohmann-json3-dev:/usr/include/nlohmann/json.hpp
libcli11-dev:/usr/include/CLI/CLI.hpp
clang-format:/usr/bin/clang-format
libarchive-dev:/usr/include/archive.h
libjs-chart.js:/usr/share/javascript/chart.js/chart.min.js
zip:/usr/bin/zip
unzip:/usr/bin/unzip
jq:/usr/bin/jq
"

missing=""
for entry in $needs; do
    pkg=${entry%%:*}
    file=${entry#*:}
    [ -e "$file" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "ipclab: missing packages:$missing; install them as root (apt-get install$missing)" >&2
    exit 1
fi
echo "ipclab: installing missing packages with ${sudo:+sudo }apt-get:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
