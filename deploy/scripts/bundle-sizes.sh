#!/usr/bin/env bash
# First-load transfer sizes of the two browser bundles (raw and brotli -q 11):
# the customer's widget (loader + frame page + CSS + JS + WASM) and the staff
# application (JS + WASM + CSS). Run after `make sizes` has built them.
set -euo pipefail
cd "$(dirname "$0")/../.."
size() { wc -c < "$1"; }
br() { brotli -c -q 11 "$1" | wc -c; }
report() {
  local name=$1; shift
  local raw=0 comp=0
  printf '%s\n' "$name"
  for f in "$@"; do
    local r b; r=$(size "$f"); b=$(br "$f")
    printf '  %-48s %9d raw %8d brotli\n' "$f" "$r" "$b"
    raw=$((raw + r)); comp=$((comp + b))
  done
  printf '  %-48s %9d raw %8d brotli\n' "total" "$raw" "$comp"
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
frame=$tmp/widget-frame.html
sed -n '/^const FRAME: &str = r#"/,/^"#;/p' server/src/widget_frame.rs | sed '1s/.*r#"//; $d' > "$frame"
report "widget (customer)" public/widget.js "$frame" public/widget.css target/widget/pkg/widget.js target/widget/pkg/widget_bg.wasm
report "staff application" target/site/pkg/contact-center.js target/site/pkg/contact-center.wasm target/site/pkg/contact-center.css
