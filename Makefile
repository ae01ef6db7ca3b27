# corolint: the two commands a fresh Debian 12 machine needs are
#   make demo   install what is missing, build, run corolint on examples/
#   make test   install what is missing, build, run every test through ctest
# plus `make bench` for the benchmark table (docs/performance.md).

SHELL := /bin/bash
.DEFAULT_GOAL := demo
.PHONY: deps configure build demo test test-main test-asan test-tsan test-gcc bench bench-lint clean fuzz

# Debian 12 packages the project needs (docs/development.md says why each).
DEPS := cmake ninja-build g++ clang-19 clang-tidy-19 clang-tools-19 \
        libclang-19-dev libclang-cpp19-dev llvm-19-dev libclang-rt-19-dev \
        libyaml-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev libasio-dev \
        python3 python3-uvloop clang-tidy-14 libasio-doc libssl-dev \
        libboost1.81-dev libboost1.81-doc \
        clangd-19 libgrpc++-dev libprotobuf-dev libabsl-dev \
        python3-jsonschema python3-yaml pre-commit git

JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CMAKE_COMMON := -G Ninja -DCMAKE_CXX_COMPILER=clang++-19

deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	cmake -S . -B build $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release >/dev/null

# Everything: checks, plugin, tool, runtime, examples, tests.
build: configure
	cmake --build build -j $(JOBS)

# Findings are the demo's output, not a failure: exit status 1 (findings) is
# success here; 2 and 3 (usage or analysis errors) are not.
demo: configure
	cmake --build build -j $(JOBS) --target corolint corolint_exe examples
	@echo "== corolint -p build examples/"
	@build/bin/corolint -p build examples/; rc=$$?; \
	  if [ $$rc -gt 1 ]; then echo "corolint failed with exit status $$rc"; exit $$rc; fi

test-main: build
	ctest --test-dir build --output-on-failure -j $(JOBS)

# The runtime again, under sanitizers (clang++-19: GCC 12 does not guarantee
# symmetric-transfer tail calls below -O2) and under GCC 12 -O2 -Werror.
test-asan: deps
	cmake -S . -B build-asan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug \
	  -DCOROLINT_RUNTIME_ONLY=ON -DAIO_SANITIZE=address,undefined >/dev/null
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

test-tsan: deps
	cmake -S . -B build-tsan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug \
	  -DCOROLINT_RUNTIME_ONLY=ON -DAIO_SANITIZE=thread >/dev/null
	cmake --build build-tsan -j $(JOBS)
	TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -j $(JOBS)

test-gcc: deps
	cmake -S . -B build-gcc -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release \
	  -DCOROLINT_RUNTIME_ONLY=ON "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror" >/dev/null
	cmake --build build-gcc -j $(JOBS)
	ctest --test-dir build-gcc --output-on-failure -j $(JOBS)

test: test-main test-asan test-tsan test-gcc

# Every fuzz target of test/fuzz for FUZZ_SECONDS from its seeds; new inputs
# collect in build/fuzz-corpus/, crashes there too (docs/development.md).
FUZZ_SECONDS ?= 60
FUZZERS := RoleConfigFuzzer RuntimeModelFuzzer BaselineFuzzer MergeFuzzer \
           CacheEntryFuzzer CheckOptionsFuzzer
fuzz: configure
	cmake --build build -j $(JOBS) --target fuzzers
	@for f in $(FUZZERS); do \
	  mkdir -p build/fuzz-corpus/$$f; echo "== $$f ($(FUZZ_SECONDS) s)"; \
	  build/test/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -artifact_prefix=build/fuzz-corpus/$$f- build/fuzz-corpus/$$f \
	    test/fuzz/corpus/$$f || exit 1; \
	done

bench: deps
	cmake -S . -B build-bench $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release \
	  -DCOROLINT_RUNTIME_ONLY=ON -DCOROLINT_RUNTIME_TESTS=OFF -DCOROLINT_BUILD_BENCH=ON >/dev/null
	cmake --build build-bench -j $(JOBS)
	bench/run.sh build-bench

# What the checks cost against parsing (docs/performance.md): the project's
# examples and Debian's Asio examples; with CORPORA=<dir> also the real-code
# corpora of ../shared/realcode (REALCODE=<run.py> to name another runner).
REALCODE ?= ../shared/realcode/run.py
bench-lint: build
	python3 bench/lint_cost.py --build build \
	  $(if $(CORPORA),--realcode $(REALCODE) --corpora $(CORPORA)) \
	  --json build/lint-cost.json

clean:
	rm -rf build build-asan build-tsan build-gcc build-bench
