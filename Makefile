# Polis front door.  On a fresh Debian 12 machine (as root, or with sudo):
#   make demo   install what is missing, build, generate synthetic claims and
#               compare three cities on them (terminal table + HTML report)
#   make test   install what is missing, build, run every test (also under
#               AddressSanitizer + UndefinedBehaviorSanitizer)
# Everything else is CMake underneath: build/ and build-asan/.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
POLIS      := $(BUILD)/polis
DEMO_OUT   := $(BUILD)/demo

# Debian 12 packages the build, the tests and `polis build --emit exe` need.
APT_PACKAGES := build-essential cmake flex bison llvm-19-dev libcmocka-dev \
                zlib1g-dev libzstd-dev libffi-dev libedit-dev libxml2-dev libncurses-dev \
                chromium fonts-wqy-microhei

.PHONY: all deps configure build demo test test-unit test-asan policies-test clean help

all: build

help:
	@echo "make demo   - install dependencies, build, generate claims, compare Liaocheng, Yuncheng"
	@echo "              and Jinan side by side, write $(DEMO_OUT)/report.html"
	@echo "make test   - install dependencies, build, run all tests (normal and ASan/UBSan builds)"
	@echo "make build  - configure and build into $(BUILD)/"
	@echo "make clean  - remove $(BUILD)/ and $(ASAN_BUILD)/"

# Install only what is missing; apt-get update only when something is.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "polis: installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

DEMO_ROWS   ?= 50000
DEMO_SEED   ?= 2019
DEMO_CITIES := policies/liaocheng.polis policies/yuncheng.polis policies/jinan.polis

# The main job: synthetic claims, scored under three cities side by side.
demo: build
	@mkdir -p $(DEMO_OUT)
	@echo
	@echo "== polis gen --n $(DEMO_ROWS) --seed $(DEMO_SEED) -o $(DEMO_OUT)/claims.csv"
	@$(POLIS) gen --n $(DEMO_ROWS) --seed $(DEMO_SEED) -o $(DEMO_OUT)/claims.csv
	@echo
	@echo "== polis compare liaocheng yuncheng jinan --claims $(DEMO_OUT)/claims.csv --html $(DEMO_OUT)/report.html"
	@$(POLIS) compare $(DEMO_CITIES) --claims $(DEMO_OUT)/claims.csv \
	  --html $(DEMO_OUT)/report.html --decisions $(DEMO_OUT)/decisions
	@echo
	@echo "HTML report (open in a browser; no network needed): $(abspath $(DEMO_OUT))/report.html"
	@echo "each city's decisions: $(DEMO_OUT)/decisions/*.csv; how to read the report: docs/report.md"

test: build test-unit test-asan

test-unit:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPOLIS_SANITIZE=ON

test-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
