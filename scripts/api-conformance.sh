#!/usr/bin/env bash
# Checks the running server against its OpenAPI document with schemathesis (from PyPI):
# every operation is called with generated data; no 5xx, and every status code, content type,
# header and JSON body must be the ones the document describes.
# Usage: scripts/api-conformance.sh [path/to/juanzong]   (default .build/debug/juanzong)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/debug/juanzong}"
python3 -c "import schemathesis" 2>/dev/null || python3 -m pip install -q schemathesis >/dev/null
work="$(mktemp -d)"
trap 'status=$?; kill "${server:-0}" 2>/dev/null || true; [ $status -ne 0 ] && cp "$work/server.log" /tmp/server-crash.log && grep -m1 -B5 -A25 "Fatal error\|Crash" "$work/server.log" >&2; rm -rf "$work"' EXIT
"$binary" ingest SampleCases --archive "$work/archive" >/dev/null 2>&1 || true
echo "schemathesis-pass-1" | "$binary" user add checker --role admin --archive "$work/archive" >/dev/null
port=$((20000 + RANDOM % 20000))
"$binary" serve --archive "$work/archive" --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null && break
  sleep 0.1
done
token="$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"username":"checker","password":"schemathesis-pass-1"}' \
  "http://127.0.0.1:$port/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
# Signing out would end the token the run uses, so that one operation is left out.
python3 -m schemathesis.cli run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --url "http://127.0.0.1:$port" \
  --header "Authorization: Bearer $token" \
  --exclude-method DELETE \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" \
  --phases examples,coverage,fuzzing \
  --no-color
