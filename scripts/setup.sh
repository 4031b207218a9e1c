#!/usr/bin/env bash
# Installs the Debian packages juanzong builds against and calls at run time.
# Safe to run again: apt-get skips what is installed.
set -euo pipefail
packages=(
  pkg-config libsqlite3-dev sqlite3 libarchive-dev libopencc-dev opencc libssl-dev libmagic-dev ripgrep
  poppler-utils poppler-data libarchive-tools unzip tesseract-ocr tesseract-ocr-chi-sim mediainfo
  fonts-wqy-zenhei fonts-arphic-uming curl wrk postgresql-15 postgresql-15-rum libpq-dev
)
# postgresql-15, libpq-dev: the PostgreSQL store's client library, and the server the tests start
# their own clusters with (initdb, pg_ctl, pg_basebackup under /usr/lib/postgresql/15/bin);
# postgresql-15-rum: the RUM index bench-postgres-search measures beside GIN.
# fonts-arphic-uming: a Song (Ming) typeface, in which the OCR tests and bench-ocr print their pages.
# chromium and chromium-driver: the web UI's end-to-end tests drive a real headless Chromium,
# installed with its recommended packages (GL and font support), as the tests were run;
# fonts-wqy-zenhei lets it draw Chinese; wrk is the load generator of bench-serve.
browser=(chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
missing_browser=()
for package in "${browser[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing_browser+=("$package")
done
if ((${#missing[@]} + ${#missing_browser[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  if ((${#missing_browser[@]})); then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_browser[@]}"
  fi
fi
# The independent BagIt implementation the export tests check bundles against (LoC's bagit-python).
python3 -c "import bagit" 2>/dev/null || python3 -m pip install -q bagit >/dev/null 2>&1 \
  || echo "warning: could not install the Python bagit package; the BagIt interoperability tests will fail" >&2
# schemathesis checks the running server against its OpenAPI document (scripts/api-conformance.sh).
python3 -c "import schemathesis" 2>/dev/null || python3 -m pip install -q schemathesis >/dev/null 2>&1 \
  || echo "warning: could not install schemathesis; scripts/api-conformance.sh will fail" >&2
# PP-OCRv4 reads scans: the PyPI package rapidocr-onnxruntime, whose wheel carries the detection,
# direction and recognition models (nothing is fetched at run time), in a virtual environment of
# its own ($JUANZONG_OCR_HOME, else ~/.local/share/juanzong/ocr). Without it juanzong falls back
# to tesseract and says so.
ocr_home="${JUANZONG_OCR_HOME:-$HOME/.local/share/juanzong/ocr}"
if ! "$ocr_home/bin/python" -c "import rapidocr_onnxruntime" 2>/dev/null; then
  { python3 -m venv "$ocr_home" && "$ocr_home/bin/pip" install -q "rapidocr-onnxruntime==1.4.4"; } >/dev/null 2>&1 \
    || echo "warning: could not install PP-OCR into $ocr_home; scans will be read with tesseract" >&2
fi
