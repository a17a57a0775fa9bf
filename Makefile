# The two commands: `make run` runs the daemon on seeds/ with Config/syncd.toml;
# `make test` runs the test suite. Both install what they need on a fresh Debian machine.
SWIFT ?= swift
PREFIX ?= /usr/local
DEB_PACKAGES := curl libcurl4-openssl-dev libxml2-dev libsqlite3-dev zlib1g-dev libzstd-dev libpsl-dev libssl-dev pkg-config patch postgresql
CONFIG ?= Config/syncd.toml
BIN := .build/debug

.PHONY: deps build run once test bench bench-feeds install clean

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

# The daemon in the foreground on seeds/ (Ctrl-C stops it).
run: build
	$(BIN)/syncd --config $(CONFIG)

# One pass over every source, then the status.
once: build
	$(BIN)/syncd --config $(CONFIG) --once
	$(BIN)/syncctl status --config $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The peers run in the same job: datasketch and rensa (and trafilatura for the datasketch pipeline).
bench: deps
	@python3 -c 'import datasketch, rensa, trafilatura' 2>/dev/null || pip install -q datasketch rensa trafilatura lxml_html_clean
	python3 scripts/bench.py

# One poll cycle over 200 local feeds beside wrk on the same server.
bench-feeds: deps
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -q wrk; }
	$(SWIFT) build -c release --product syncd-feed-bench
	.build/release/syncd-feed-bench --feeds 200 --entries 20

# Release binaries, the systemd unit, an example config (kept when one exists) and the seeds.
# PREFIX and DESTDIR are honoured: `make install DESTDIR=/tmp/pkg PREFIX=/usr`.
UNITDIR ?= $(PREFIX)/lib/systemd/system
install: deps
	$(SWIFT) build -c release --product syncd
	$(SWIFT) build -c release --product syncctl
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(UNITDIR) $(DESTDIR)/etc/syncd $(DESTDIR)$(PREFIX)/share/syncd/seeds $(DESTDIR)$(PREFIX)/share/doc/syncd
	install -m 0755 .build/release/syncd .build/release/syncctl $(DESTDIR)$(PREFIX)/bin/
	sed 's|/usr/local/|$(PREFIX)/|g' systemd/syncd.service > $(DESTDIR)$(UNITDIR)/syncd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/syncd.service
	[ -e $(DESTDIR)/etc/syncd/syncd.toml ] || sed 's|@PREFIX@|$(PREFIX)|g' systemd/syncd.toml > $(DESTDIR)/etc/syncd/syncd.toml
	install -m 0644 seeds/* $(DESTDIR)$(PREFIX)/share/syncd/seeds/
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/syncd/
	@echo "installed; then: systemctl daemon-reload && systemctl enable --now syncd"

clean:
	rm -rf .build var
