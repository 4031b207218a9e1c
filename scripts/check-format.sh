#!/usr/bin/env bash
# Fails when a Swift file is not laid out as `swift format` writes it with .swift-format
# (4 spaces, 150 columns). Fix with:
#   swift format format --in-place --recursive --configuration .swift-format Sources Indexer Tests Package.swift
set -euo pipefail
cd "$(dirname "$0")/.."
unformatted=0
while IFS= read -r file; do
  if ! swift format format --configuration .swift-format "$file" | cmp -s - "$file"; then
    echo "未按 .swift-format 排版:$file" >&2
    unformatted=1
  fi
done < <(git ls-files '*.swift')
exit $unformatted
