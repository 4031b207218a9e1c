#!/usr/bin/env bash
# Sets up, builds, ingests SampleCases into a fresh archive and shows two dossiers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release
archive="${JUANZONG_ARCHIVE:-demo-archive}"
rm -rf "$archive"
.build/release/juanzong ingest SampleCases --archive "$archive" || true
echo
.build/release/juanzong subject 上海奉贤鲜味餐饮管理有限公司 --archive "$archive"
.build/release/juanzong case "奉城管罚〔2024〕第0301号" --archive "$archive"
