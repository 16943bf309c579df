# Two commands do all the set-up on a fresh machine:
#   make serve   install everything into .venv, build the store, serve the graph
#   make test    install everything (Chromium too, where the machine allows it), run every test
# .ci/run calls `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
VENDOR_STAMP := server/static/vendor/.copied

.PHONY: serve test lint typecheck build validate bench reliability-full install system-packages clean \
	messages-extract messages-update messages-compile

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(VENDOR_STAMP): $(NODE_STAMP) scripts/vendor-assets.sh
	sh scripts/vendor-assets.sh
	touch $(VENDOR_STAMP)

install: $(STAMP) $(VENDOR_STAMP) messages-compile

# The interface's words: gettext catalogs, one .po per language under server/i18n/locale.
# extract: the sources' messages into the .pot (MESSAGES_POT= writes it elsewhere, as a test does);
# update: the .pot's messages into each .po (changed ones come back fuzzy, for a translator);
# compile: each .po into the .mo the server reads, whenever the .po is newer.
LOCALE_DIR := server/i18n/locale
MESSAGES_POT ?= server/i18n/messages.pot
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/messages.po))
# Words defined at import time are marked with the lazy variants.
EXTRACT_KEYWORDS := -k lazy_gettext -k lazy_pgettext:1c,2 -k lazy_ngettext:1,2

messages-extract: $(STAMP)
	$(BIN)/pybabel -q extract -F pyproject.toml $(EXTRACT_KEYWORDS) --no-location --sort-output \
	  --width=100 --project=zhusan-kg --copyright-holder="the project" -o $(MESSAGES_POT) server queries

messages-update: $(STAMP)
	$(BIN)/pybabel update -i $(MESSAGES_POT) -d $(LOCALE_DIR) -D messages --width=100 \
	  --ignore-pot-creation-date

messages-compile: $(MO_FILES)

$(LOCALE_DIR)/%/LC_MESSAGES/messages.mo: $(LOCALE_DIR)/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel -q compile -l $* -i $< -o $@

# Debian packages the tests drive for real: Chromium (browser tests; a test tool's own browser
# download does not work here) and nginx (the replicas test). Installed when missing and
# allowed (root with apt-get); otherwise the tests say what is missing, and fail under CI=true.
SYSTEM_PACKAGES := chromium nginx
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing from Debian"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	  else echo "missing$$missing and cannot install here: the tests that need them will say so"; fi; \
	fi

build: install
	$(BIN)/zhusan-kg build

validate: install
	$(BIN)/zhusan-kg validate

serve: install
	$(BIN)/zhusan-kg build
	$(BIN)/zhusan-kg serve

lint: install
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

test: install system-packages lint typecheck
	$(BIN)/pytest

bench: install
	$(BIN)/zhusan-kg bench

# Load, runaway queries and faults in full (~5 min, loopback only): writes bench/RELIABILITY.md.
reliability-full: install
	$(BIN)/python -m bench.reliability --full

clean:
	rm -rf var artifacts server/static/vendor
