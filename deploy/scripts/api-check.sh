#!/usr/bin/env bash
# The REST API against its own OpenAPI document: schemathesis (PyPI) generates requests
# from the served document and checks every answer (no server error, status and body as
# documented). Runs against a server of its own (database cc_api_check, port 3100), so
# the conversations and webhooks it makes up touch nothing else.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER="${CARGO_TARGET_DIR:-$HOME/.cache/contact-center/target}/debug/server"
VENV="${CC_VENV:-$HOME/.cache/contact-center/venv}"
PORT=3100
export CC_DB_NAME=cc_api_check

"$SERVER" db start >/dev/null
"$SERVER" db drop >/dev/null 2>&1 || true
"$SERVER" migrate >/dev/null
TOKEN=$("$SERVER" api-token create --name schemathesis --all-scopes --rate 100000)
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn "$SERVER" serve > /tmp/cc-api-check-server.log 2>&1 &
pid=$!
# Like `make e2e`, leave the embedded cluster stopped.
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; "$SERVER" db stop >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 120); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null && break
  sleep 0.5
done

"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples 30 \
  --seed 42 \
  --generation-deterministic \
  --no-color
echo "api-check: schemathesis found no server error and no schema violation"
