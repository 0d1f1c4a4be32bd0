#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): it installs
# the Debian/Ubuntu packages ipclab needs and builds the grader in /autograder/source/ipclab.
set -euo pipefail
cd "$(dirname "$0")/ipclab"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
make build BUILD=build JOBS="$(nproc)"
