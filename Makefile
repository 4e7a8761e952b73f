# Assay: `make run` grades the shipped suites; `make test` runs the tests.
SWIFT ?= swift
ASSAY = .build/debug/assay

.PHONY: run test bench build build-release setup clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

# The binary to ship to CI workers and images: .build/release/assay.
build-release: setup
	$(SWIFT) build -c release

run: build
	$(ASSAY) run

test:
	@scripts/setup.sh test
	$(SWIFT) build
	$(SWIFT) test --no-parallel

# Release build, then Assay against shared/bench's fake provider and the bare client; writes BENCHMARKS.md.
bench: build-release
	python3 scripts/bench.py

clean:
	rm -rf .build
	find Reports -mindepth 1 ! -name README.md -exec rm -rf {} +
