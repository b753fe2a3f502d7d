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
# overhead, pricing, inventory); see bench/README.md once it exists.
# AWSTUTOR_PERF=1 also runs the timing tests that hold the runner to its
# overhead budget; they skip under `make test`, where packages share cores.
bench:
	AWSTUTOR_PERF=1 $(GO) test -run 'Overhead' ./labs/
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Every fuzz target for FUZZTIME each (60s by default). go test -fuzz takes
# one target at a time, so the targets are found and run in turn.
FUZZTIME ?= 60s
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done
