#!/usr/bin/env bash
# Sets up and runs the whole test suite (offline once packages are installed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Every Swift file as `swift format` lays it out (.swift-format).
bash scripts/check-format.sh
swift build --build-tests
swift test
# The JSON API against its OpenAPI 3.1 document, on a live server (schemathesis).
bash scripts/api-conformance.sh
