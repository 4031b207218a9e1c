#!/usr/bin/env bash
# Sets up and runs the whole test suite (offline once packages are installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test
