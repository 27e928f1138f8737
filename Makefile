# Polis front door.  On a fresh Debian 12 machine (as root, or with sudo):
#   make demo   install what is missing, build, score the bundled sample claims
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
                zlib1g-dev libzstd-dev libffi-dev libedit-dev libxml2-dev libncurses-dev

.PHONY: all deps configure build demo test test-unit test-asan policies-test clean help

all: build

help:
	@echo "make demo   - install dependencies, build, score samples/claims-sample.csv with Yuncheng"
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

demo: build
	@mkdir -p $(DEMO_OUT)
	@echo
	@echo "== polis check policies/yuncheng.polis"
	@$(POLIS) check policies/yuncheng.polis
	@echo
	@echo "== polis test policies/yuncheng.polis"
	@$(POLIS) test policies/yuncheng.polis
	@echo
	@echo "== polis score policies/yuncheng.polis --claims samples/claims-sample.csv"
	@$(POLIS) score policies/yuncheng.polis --claims samples/claims-sample.csv -o $(DEMO_OUT)/decisions.csv 2>&1 \
	  | grep -v -e '^ *[0-9]* |' -e '^ *|' -e '= help' -e 'warning:'
	@echo
	@echo "first decisions ($(DEMO_OUT)/decisions.csv):"
	@head -n 12 $(DEMO_OUT)/decisions.csv | column -s, -t 2>/dev/null || head -n 12 $(DEMO_OUT)/decisions.csv
	@echo
	@echo "== per-city executable: polis build policies/yuncheng.polis -o $(DEMO_OUT)/yuncheng"
	@$(POLIS) build policies/yuncheng.polis -o $(DEMO_OUT)/yuncheng 2>&1 | grep 'wrote'
	@$(DEMO_OUT)/yuncheng score --claims samples/claims-sample.csv -o $(DEMO_OUT)/decisions-exe.csv --quiet
	@cmp -s $(DEMO_OUT)/decisions.csv $(DEMO_OUT)/decisions-exe.csv \
	  && echo "the executable's decisions are byte-identical to polis score's" \
	  || { echo "MISMATCH between executable and polis score"; exit 1; }

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
