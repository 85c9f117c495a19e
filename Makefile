# Two commands: `make run` and `make test` (see README.md). Both install what is
# missing, build once, and use the embedded PostgreSQL under ./data unless
# DATABASE_URL is set.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

export CARGO_TARGET_DIR ?= $(HOME)/.cache/contact-center/target
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
export LEPTOS_OUTPUT_NAME := contact-center
export LEPTOS_SITE_ROOT := target/site
export LEPTOS_SITE_PKG_DIR := pkg
export LEPTOS_SITE_ADDR ?= 127.0.0.1:3000
export LEPTOS_RELOAD_PORT := 3001

SERVER := $(CARGO_TARGET_DIR)/debug/server
WIDGET_WASM := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/wasm-release/widget.wasm
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue

.PHONY: run test tools test-tools assets widget vendor unit e2e api-check sizes bench-routing bench-reports demo-reset db-stop audit-verify

## make run: install, build, start PostgreSQL, migrate, seed the demo, serve :3000
run: tools assets
	cargo build -p server --bin server
	$(SERVER) serve --demo

## make test: install, build once, unit + integration tests (real PostgreSQL), Playwright
test: test-tools assets unit e2e api-check

tools:
	deploy/scripts/install-tools.sh

test-tools:
	deploy/scripts/install-tools.sh --test

## Browser bundles: the customer's widget, the staff application's WASM and CSS, and
## the libraries served from public/vendor (ECharts, from npm).
assets: widget vendor
	cargo leptos build --frontend-only

vendor:
	mkdir -p public/vendor
	cp deploy/assets/node_modules/echarts/dist/echarts.min.js public/vendor/echarts.min.js
	mkdir -p public/vendor/swagger-ui
	cp deploy/assets/node_modules/swagger-ui-dist/swagger-ui-bundle.js deploy/assets/node_modules/swagger-ui-dist/swagger-ui.css public/vendor/swagger-ui/

## The customer's widget: its own lean bundle, always size-optimised.
widget:
	cargo build -p widget --target wasm32-unknown-unknown --profile wasm-release
	wasm-bindgen --target web --no-typescript --out-dir target/widget/pkg --out-name widget $(WIDGET_WASM)
	wasm-opt -Oz $(WASM_FEATURES) target/widget/pkg/widget_bg.wasm -o target/widget/pkg/widget_bg.wasm

# Building the tests also builds the server binary (with the same features), so the
# end-to-end run reuses it instead of compiling the server a second time.
unit:
	cargo test -p protocol -p app -p server --no-run
	$(SERVER) db start
	DATABASE_URL=$${DATABASE_URL:-$$($(SERVER) db url)} cargo test -p protocol -p app -p server

e2e:
	$(SERVER) db start
	CC_DB_NAME=cc_e2e $(SERVER) db drop
	status=0; (cd end2end && npx playwright test) || status=$$?; $(SERVER) db stop; \
	if [ $$status -ne 0 ]; then node end2end/failure-digest.mjs end2end/playwright-report/results.json; fi; exit $$status

## The REST API against its OpenAPI document: schemathesis, on a server of its own.
api-check:
	deploy/scripts/api-check.sh

## make audit-verify: recompute the audit journal's hash chain in the embedded database
## (or DATABASE_URL): `audit chain ok: <n> records`, or a non-zero exit naming the first
## broken record.
audit-verify:
	cargo build -p server --bin server
	$(SERVER) audit verify

## Release sizes of both bundles (raw and brotli); not part of CI.
sizes: widget
	cargo leptos build --release --frontend-only
	deploy/scripts/bundle-sizes.sh

## Routing benchmark: decision latency (10,000 queued, 500 operators) and 3 processes
## racing for 2,000 conversations; on a fresh database `cc_bench`. Not part of CI.
bench-routing: tools
	cargo build -p server --bin server --example bench_routing
	$(SERVER) db start
	BENCH_DATABASE_URL=$$($(SERVER) db url) $(CARGO_TARGET_DIR)/debug/examples/bench_routing

## Reports benchmark: 1 M conversations and 10 M messages over three years (built once in
## `cc_bench_reports`, about a quarter of an hour, then reused); report page p95, dashboard
## and the peak memory of a 1 M-row Excel export. Not part of CI.
bench-reports: tools
	cargo build -p server --bin server --example bench_reports
	$(SERVER) db start
	BENCH_DATABASE_URL=$$($(SERVER) db url) $(CARGO_TARGET_DIR)/debug/examples/bench_reports

## Forget the demo database (new passwords are printed at the next `make run`).
demo-reset:
	$(SERVER) db start
	$(SERVER) db drop
	$(SERVER) db stop

db-stop:
	$(SERVER) db stop
