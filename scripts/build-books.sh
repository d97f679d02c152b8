#!/usr/bin/env bash
# Compiles every bundled series under series/ into out/, after installing what
# is missing (Debian 12) and building octavo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
./build/octavo build   # every series; a newer edition ends with its changes since the archive's (releases/)
# the bundled series' redline: edition 1.1.0 with what changed since 1.0.0 marked
./build/octavo build series/python-memory-model --diff-from 1.0.0 -q
