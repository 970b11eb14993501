# Tributary developer entry points. Every target runs with the project's Node 24 and built tools
# first on PATH (see scripts/env.sh); `eval "$(make -s env)"` gives a shell the same.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export PATH := $(shell scripts/env.sh --path)
NPM_STAMP := node_modules/.tributary-installed
PACKAGE_JSONS := package.json package-lock.json $(wildcard libs/*/package.json services/*/package.json operator/package.json)

.PHONY: help setup env up down test test-unit test-integration lint format bench dev graph

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/; s/\$$\$$/$$/g' | expand -t 20

setup: $(NPM_STAMP) ## install Node 24, npm deps and build the local servers' tools (idempotent)
	@scripts/setup-tools.sh

$(NPM_STAMP): $(PACKAGE_JSONS)
	@scripts/tools/node.sh
	@echo "==> npm ci"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

env: ## print export lines: eval "$$(make -s env)"
	@scripts/env.sh

up: setup ## run the whole platform locally on real servers
	@tributary up

down: ## stop the local platform and its servers
	@tributary down

lint: $(NPM_STAMP) ## eslint, prettier --check, tsc and the layering rules (.dependency-cruiser.js)
	@echo "==> eslint"; NODE_OPTIONS=--max-old-space-size=8192 eslint --max-warnings=0 .
	@echo "==> prettier --check"; prettier --check --log-level=warn .
	@echo "==> tsc"; tsc -p tsconfig.json && tsc -p services/api/src/ui/web
	@echo "==> layers (dependency-cruiser)"; npm run -s layers

graph: $(NPM_STAMP) ## print the package graph (who imports whom) the layering rules check
	@npm run -s graph

format: $(NPM_STAMP) ## rewrite files with prettier
	@prettier --write --log-level=warn .

test: setup lint test-unit test-integration ## lint + unit + integration/e2e tests against real servers

test-unit: $(NPM_STAMP)
	@node scripts/run-tests.ts unit

test-integration: setup
	@node scripts/run-tests.ts integration

bench: setup ## run the benchmarks; results in bench/results/
	@scripts/bench.sh

dev: ## skaffold dev: rebuild and roll the release on every edit (local node, or kind with Docker)
	@scripts/dev.sh
