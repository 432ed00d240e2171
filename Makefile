# Anma: the few commands a newcomer needs. `make run` and `make test` are the two the
# README's quick start shows; the rest are their parts.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMEDRIVER

.PHONY: help run test setup setup-test site server lint fmt test-rust test-sqlite test-wasm conformance doc-examples e2e size check bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: setup site server ## Build everything and serve on http://127.0.0.1:8080 (SQLite, demo data on first run)
	./target/release/anma seed --demo --if-empty
	./target/release/anma serve

test: setup-test lint test-rust test-wasm conformance doc-examples site e2e ## Everything CI runs: lints, Rust tests on SQLite and PostgreSQL, wasm tests, the API's conformance to its document, the integration guide's examples, browser tests
	@echo "all tests passed"

setup: ## Install missing build tools (wasm32 target, wasm-bindgen, wasm-opt)
	tools/setup.sh

setup-test: ## setup, plus Chromium, ChromeDriver and the Playwright packages
	tools/setup.sh --test

site: ## Build the app into ./site (release wasm, hashed and precompressed)
	tools/build-site.sh

server: ## Build the release server binary target/release/anma
	cargo build --release -p server

lint: ## rustfmt and clippy (native and wasm32), warnings are errors
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	for bundle in verify inspection disclosures powers stats spot-checks scan workspace; do \
	  cargo clippy -p app --features $$bundle --target wasm32-unknown-unknown --lib --bins -- -D warnings; \
	done
	cargo clippy -p app --features public --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

fmt: ## Format the code
	cargo fmt --all

test-rust: ## Unit and integration tests, SQLite and PostgreSQL (127.0.0.1:5432)
	cargo test --workspace
	cargo test -p app --features workspace --lib

test-sqlite: ## Unit and integration tests on SQLite only
	ANMA_TEST_POSTGRES=skip cargo test --workspace

test-wasm: ## The app's tests in headless Chromium (wasm-bindgen-test)
	cargo test -p app --features public --target wasm32-unknown-unknown --test web

conformance: ## Schemathesis (every check) against a live server and its generated OpenAPI document
	cargo build -p server --bin anma
	tools/conformance.sh target/debug/anma

doc-examples: ## Run the curl examples of docs/integration.md, as written, against a demo server
	cargo build -p server --bin anma
	tools/doc-examples.sh target/debug/anma

e2e: ## Playwright tests in Chromium, phone and desktop viewports, with axe checks
	cargo build -p server
	cd end2end && npx playwright test

bench: ## Benchmarks against a release build with 1M synthetic decisions, SQLite and PostgreSQL (docs/performance.md)
	tools/bench.sh

size: ## Bytes the browser downloads for each bundle's first page (raw, gzip, brotli)
	tools/size.sh

check: ## Fast compile check of the server and the wasm app
	cargo check --workspace --all-targets
	cargo check -p app --features workspace --target wasm32-unknown-unknown
