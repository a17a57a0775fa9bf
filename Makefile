# The two commands: `make run` ingests seeds/ with Config/syncd.toml and prints the status;
# `make test` runs the test suite. Both install what they need on a fresh Debian machine.
SWIFT ?= swift
PREFIX ?= /usr/local
DEB_PACKAGES := curl libcurl4-openssl-dev libxml2-dev libsqlite3-dev zlib1g-dev libssl-dev pkg-config
CONFIG ?= Config/syncd.toml
BIN := .build/debug

.PHONY: deps build run test bench bench-feeds clean

# Installs the Debian packages that are missing (we run as root; sudo is used otherwise).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

build: deps
	$(SWIFT) build

run: build
	$(BIN)/syncd --config $(CONFIG) --once
	$(BIN)/syncctl status --config $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	python3 scripts/bench.py

# One poll cycle over 200 local feeds beside wrk on the same server.
bench-feeds: deps
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -q wrk; }
	$(SWIFT) build -c release --product syncd-feed-bench
	.build/release/syncd-feed-bench --feeds 200 --entries 20

clean:
	rm -rf .build var
