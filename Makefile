# The two commands: `make run` runs the daemon on seeds/ with Config/syncd.toml;
# `make test` runs the test suite. Both install what they need on a fresh Debian machine.
SWIFT ?= swift
PREFIX ?= /usr/local
DEB_PACKAGES := curl libcurl4-openssl-dev libxml2-dev libsqlite3-dev zlib1g-dev libzstd-dev libpsl-dev libssl-dev pkg-config patch postgresql
CONFIG ?= Config/syncd.toml
BIN := .build/debug

.PHONY: deps build run once test test-deps asan tsan bench bench-feeds bench-scale install clean fuzz

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

# The status page's test renders it in headless Chromium; promtool (Debian `prometheus`) lints /metrics;
# the change-feed test follows the feed
# with a CouchDB client library (PyPI `couchdb`); the API test validates docs/openapi.json and
# runs schemathesis against a live daemon.
TEST_PACKAGES := chromium python3 prometheus
test-deps: deps
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi
	@python3 -c 'import couchdb' 2>/dev/null || python3 -m pip install -q couchdb==1.2
	@python3 -c 'import schemathesis, openapi_spec_validator' 2>/dev/null || python3 -m pip install -q schemathesis==4.32.5 openapi-spec-validator

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The whole suite, daemon binaries included, under AddressSanitizer (leak checking off), in .build-asan.
asan: test-deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan

# The whole suite under ThreadSanitizer, in .build-tsan. Every process (the test runner and the
# syncd and syncctl it starts) writes its reports to var/tsan/report.PID instead of stderr, where
# they would upset tests that read a child's stderr; exitcode=0 keeps a report from changing a
# process's exit status (tests check those). Tests/tsan.supp holds the suppressed reports, each
# with its reason. Fails when there is any report; deadline failures of tests under TSan's
# slowdown are printed but do not fail it.
TSAN_OPTIONS_ALL := halt_on_error=0 second_deadlock_stack=1 report_signal_unsafe=0 exitcode=0 \
	suppressions=$(CURDIR)/Tests/tsan.supp log_path=$(CURDIR)/var/tsan/report
tsan: test-deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	rm -rf var/tsan && mkdir -p var/tsan
	{ TSAN_OPTIONS="$(TSAN_OPTIONS_ALL)" $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan 2>&1; \
		echo "swift test: exit $$?"; } | tee var/tsan/test.log
	@reports=$$(cat var/tsan/report.* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer' || true); \
	echo "ThreadSanitizer reports: $$reports (var/tsan/report.*)"; [ "$$reports" = 0 ]

# The peers run in the same job: datasketch and rensa (and trafilatura for the datasketch pipeline).
bench: deps
	@python3 -c 'import datasketch, rensa, trafilatura' 2>/dev/null || pip install -q datasketch rensa trafilatura lxml_html_clean
	python3 scripts/bench.py

# One poll cycle each way over FEEDS local feeds, beside wrk and newsboat on the same server.
FEEDS ?= 10000
ENTRIES ?= 20
bench-feeds: deps
	@for p in wrk newsboat; do command -v $$p >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -q $$p; }; done
	$(SWIFT) build -c release --product syncd-feed-bench
	.build/release/syncd-feed-bench --feeds $(FEEDS) --entries $(ENTRIES) --newsboat

# N distinct Arabic documents (about 5% near-duplicates) in ten increments, then the daemon:
# READY time and RSS, new file -> long-poll answer, CPU per file, status and /metrics latency.
N ?= 100000
bench-scale: deps
	$(SWIFT) build -c release --product syncd
	$(SWIFT) build -c release --product syncctl
	python3 scripts/bench-scale --docs $(N)

# Release binaries, the systemd unit, an example config (kept when one exists), the seeds, man
# pages (syncctl(1) and syncd(1) from ArgumentParser's generate-manual, syncd.toml(5) from the
# README), bash/zsh/fish completions, and the system user and group `syncd` whose members may use
# the API socket. PREFIX and DESTDIR are honoured: `make install DESTDIR=/tmp/pkg PREFIX=/usr`
# (with DESTDIR set, no user or group is created: a package's scripts do that).
UNITDIR ?= $(PREFIX)/lib/systemd/system
MANDIR ?= $(PREFIX)/share/man
MANUALS := .build/plugins/GenerateManual/outputs
install: deps
	@command -v man >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -q man-db; }
	$(SWIFT) package generate-manual
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(UNITDIR) $(DESTDIR)/etc/syncd $(DESTDIR)$(PREFIX)/share/syncd/seeds $(DESTDIR)$(PREFIX)/share/doc/syncd \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 .build/release/syncd .build/release/syncctl $(DESTDIR)$(PREFIX)/bin/
	sed 's|/usr/local/|$(PREFIX)/|g' systemd/syncd.service > $(DESTDIR)$(UNITDIR)/syncd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/syncd.service
	[ -e $(DESTDIR)/etc/syncd/syncd.toml ] || sed 's|@PREFIX@|$(PREFIX)|g' systemd/syncd.toml > $(DESTDIR)/etc/syncd/syncd.toml
	install -m 0644 seeds/* $(DESTDIR)$(PREFIX)/share/syncd/seeds/
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/syncd/
	install -m 0644 $(MANUALS)/syncctl/syncctl.1 $(MANUALS)/syncd/syncd.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/syncd.toml.5 $(DESTDIR)$(MANDIR)/man5/
	for tool in syncctl syncd; do \
		.build/release/$$tool --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$tool; \
		.build/release/$$tool --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$tool; \
		.build/release/$$tool --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$tool.fish; \
	done
	@if [ -z "$(DESTDIR)" ]; then \
		getent group syncd >/dev/null || groupadd --system syncd; \
		getent passwd syncd >/dev/null || useradd --system --gid syncd --home-dir /var/lib/syncd --no-create-home --shell /usr/sbin/nologin syncd; \
		command -v mandb >/dev/null && mandb -q $(MANDIR) 2>/dev/null || true; \
	fi
	@echo "installed; then: systemctl daemon-reload && systemctl enable --now syncd; operators: usermod -aG syncd NAME"

# The OpenAPI document the daemon serves is compiled in from docs/openapi.json.
Sources/API/OpenAPIDocument.swift: docs/openapi.json scripts/gen-openapi-swift
	scripts/gen-openapi-swift docs/openapi.json $@

# syncd.toml(5) is generated from the README's configuration section; run after editing it.
man/syncd.toml.5: README.md scripts/gen-man-syncd-toml
	scripts/gen-man-syncd-toml README.md $@

# libFuzzer (-sanitize=fuzzer,address) on the parsers of untrusted bytes, FUZZ_SECONDS each,
# from seeds in ../shared (testsuites, corpora, seeds) and the config examples. A crash leaves
# var/fuzz/crash-TARGET-*; copy it to Tests/ExtractTests/Fixtures/fuzz/TARGET/ once fixed.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := feed html pagedump normalize config
fuzz: deps
	$(SWIFT) build --scratch-path .build-fuzz --product syncd-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
	@set -e; for t in $(FUZZ_TARGETS); do \
		case $$t in \
			feed) dirs="../shared/testsuites"; exts="xml rss atom rdf json";; \
			html) dirs="../shared/corpora"; exts="html htm";; \
			pagedump) dirs="../shared/seeds ../shared/corpora"; exts="txt md";; \
			normalize) dirs="../shared/seeds"; exts="txt";; \
			config) dirs="Config systemd"; exts="toml";; \
		esac; \
		mkdir -p var/fuzz/seeds-$$t var/fuzz/corpus-$$t; \
		for e in $$exts; do find $$dirs -type f -name "*.$$e" -size -256k 2>/dev/null | head -400 | while read f; do cp "$$f" var/fuzz/seeds-$$t/$$(echo "$$f" | md5sum | cut -c1-16).$$e; done; done; \
		cp Tests/ExtractTests/Fixtures/fuzz/$$t/* var/fuzz/seeds-$$t/ 2>/dev/null || true; \
		echo "== fuzz $$t ($(FUZZ_SECONDS) s, $$(ls var/fuzz/seeds-$$t | wc -l) seeds)"; \
		.build-fuzz/debug/syncd-fuzz $$t var/fuzz/corpus-$$t var/fuzz/seeds-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=4096 -max_len=262144 -artifact_prefix=var/fuzz/crash-$$t- -print_final_stats=1 2>&1 | tail -12 || true; \
	done; \
	if ls var/fuzz/crash-* >/dev/null 2>&1; then echo "crashing inputs:"; ls var/fuzz/crash-*; exit 1; fi; echo "no crash"

clean:
	rm -rf .build var
