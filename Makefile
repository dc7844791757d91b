# The two commands: `make run` and `make test`. Everything else is a step of theirs.
BUILD      ?= build
JOBS       ?= 2
CMAKE_TYPE ?= RelWithDebInfo

.PHONY: all deps run-deps build run test bench clean

all: build

deps:
	@scripts/install-deps

run-deps:
	@scripts/install-deps --run

build: run-deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(CMAKE_TYPE) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@scripts/compress-web web

# Builds, creates var/xaso.db with the demo commune if absent, and serves.
run: build
	@mkdir -p var
	@[ -f var/xaso.db ] || $(BUILD)/xaso init --demo-logins --db var/xaso.db --data-dir var/data
	@# The commune's catalog: the national portal's 309 procedures (existing codes are kept).
	@$(BUILD)/xaso import procedures data/tthc-cap-xa.json --db var/xaso.db --data-dir var/data
	@# The operator key of this demo (signatures, sealed second factors), made once and kept
	@# beside its database; production keeps its own (docs/operations.md, "Signing key").
	@[ -f var/signing.key ] || (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >var/signing.key)
	@echo "xaso: http://127.0.0.1:8080  (Ctrl+C để dừng / to stop)"
	@XASO_SIGNING_KEY=$$(cat var/signing.key) $(BUILD)/xaso serve --db var/xaso.db --data-dir var/data --listen 127.0.0.1:8080

# Every suite, normal and sanitized; ends with 'N passed, N failed'.
test: deps
	@scripts/test-all

bench: deps build
	@bench/run $(BUILD)

clean:
	rm -rf build build-asan build-tsan build-fuzz build-bench
	find web -name '*.gz' -delete
