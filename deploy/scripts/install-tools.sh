#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there.
# Everything comes from Debian's packages, crates.io or npm: nothing is downloaded
# from elsewhere (cargo-leptos' own downloads are never used).
#   install-tools.sh          tools for `make run`
#   install-tools.sh --test   plus Chromium for the end-to-end tests
set -euo pipefail
cd "$(dirname "$0")/../.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v brotli >/dev/null 2>&1 || packages+=(brotli)
command -v runuser >/dev/null 2>&1 || packages+=(util-linux)
$want_test && { command -v chromium >/dev/null 2>&1 || packages+=(chromium); }
# The tests read exported PDFs back with pdftotext.
$want_test && { command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils); }
if [ ${#packages[@]} -gt 0 ]; then
  echo "==> apt-get install ${packages[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "0.3.10"; then
  echo "==> cargo install cargo-leptos 0.3.10 (about 12 minutes, once)"
  cargo install cargo-leptos@0.3.10 --locked
fi

# wasm-bindgen-cli must be exactly the version in Cargo.lock.
wb=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
  echo "==> cargo install wasm-bindgen-cli $wb"
  cargo install wasm-bindgen-cli --version "$wb" --force
fi

# Playwright (driving Debian's Chromium) and binaryen's wasm-opt (Debian's 108 breaks hydration).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  echo "==> npm ci (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# Browser libraries the product serves itself (ECharts for the dashboard), from npm.
if [ ! -f deploy/assets/node_modules/echarts/dist/echarts.min.js ] || [ ! -f deploy/assets/node_modules/swagger-ui-dist/swagger-ui-bundle.js ] || [ deploy/assets/package-lock.json -nt deploy/assets/node_modules/.package-lock.json ]; then
  echo "==> npm ci (deploy/assets)"
  (cd deploy/assets && npm ci --no-audit --no-fund --loglevel=error)
fi

# The tests read exported workbooks back with openpyxl (from PyPI).
if $want_test && ! python3 -c 'import openpyxl' 2>/dev/null; then
  echo "==> pip install openpyxl"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip
  fi
  python3 -m pip install --quiet openpyxl 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages openpyxl
fi

# schemathesis (PyPI) checks the REST API against its OpenAPI document, in a venv of its own.
VENV="${CC_VENV:-$HOME/.cache/contact-center/venv}"
if $want_test && ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "4.32.5"; then
  echo "==> pip install schemathesis 4.32.5 (venv $VENV)"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install --quiet "schemathesis==4.32.5"
fi
