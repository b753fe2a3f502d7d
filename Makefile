# awstutor: build, test and benchmark.
GO ?= go

.PHONY: build test bench fuzz vet fmt

build:
	$(GO) build -o bin/awstutor .

# The whole suite: vet, then every package's tests. Tests that need
# terraform or moto_server start them on 127.0.0.1 and fail, rather than
# skip, when they are missing.
test: vet
	$(GO) test ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -l -w .

# Benchmarks for the hot paths (lesson rendering, home view, runner
# overhead, pricing, inventory, status --short, progress); bench/README.md
# has the budgets, the figures measured and how to compare with benchstat.
# AWSTUTOR_PERF=1 also runs the timing tests that hold the runner to its
# overhead budget; they skip under `make test`, where packages share cores.
bench:
	AWSTUTOR_PERF=1 $(GO) test -run 'Overhead' ./labs/
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Every fuzz target for FUZZTIME each (60s by default). go test -fuzz takes
# one target at a time, so the targets are found and run in turn.
# FUZZMINTIME bounds how long the fuzzer shrinks each new interesting input:
# at Go's default (60s) a few minimisations take the whole minute on a
# 2-core machine and the targets run a few dozen inputs instead of tens of
# thousands (measured: pricing 16 execs in 60s at the default, 54,000 in 20s
# at 2s). A finding is still written to testdata/fuzz, only less shrunk.
FUZZTIME ?= 60s
FUZZMINTIME ?= 2s
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$pkg; \
	  done; \
	done
