# Pintuan — build, deps, run, stop, test, bench, fuzz, clean.
# Two build flavours share the sources: build/ (optimised, what `make run`
# serves) and build/asan/ (ASan+UBSan, -Werror, what `make test` serves).

SHELL	:= /bin/bash
PORT	?= 8080
TEST_PORT ?= 18080
CC	?= cc

PKGS	:= json-c libsodium liburiparser libqrencode libmariadb libcrypto libmagic gdlib
WARN	:= -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wmissing-prototypes \
	   -Wstrict-prototypes -Wwrite-strings
INC	:= -Icgi-bin/lib -Icgi-bin/rules
PKGCF	 = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIB	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS	 = $(PKGLIB) -lfcgi -lm

REL_CFLAGS  := -O2 -g $(WARN)
ASAN_CFLAGS := -O1 -g $(WARN) -Werror -fsanitize=address,undefined \
	       -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC	:= $(wildcard cgi-bin/lib/*.c) $(wildcard cgi-bin/rules/*.c)
LIB_HDR	:= $(wildcard cgi-bin/lib/*.h) $(wildcard cgi-bin/rules/*.h)
FCGI	:= member admin wallet merchant shop groupbuy queue ad rp
TOOLS	:= ctl jobs
ADMIN_SRC := $(wildcard cgi-bin/admin/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT	:= $(patsubst tests/unit/%.c,build/asan/%,$(UNIT_SRC))

.SECONDARY:

.PHONY: all asan deps run stop test unit http browser bench bench-long fuzz \
	clean vendor

all: $(addprefix build/,$(addsuffix .fcgi,$(FCGI)) $(TOOLS)) vendor build/regions.sql

asan: $(addprefix build/asan/,$(addsuffix .fcgi,$(FCGI)) $(TOOLS)) $(UNIT)

# --- objects -------------------------------------------------------------
build/obj/%.o: %.c $(LIB_HDR) cgi-bin/admin/admin.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(REL_CFLAGS) $(INC) $(PKGCF) -c $< -o $@

build/asan/obj/%.o: %.c $(LIB_HDR) cgi-bin/admin/admin.h
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(ASAN_CFLAGS) $(INC) $(PKGCF) -c $< -o $@

build/libpintuan.a: $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
	@rm -f $@; ar rcs $@ $^

build/asan/libpintuan.a: $(patsubst %.c,build/asan/obj/%.o,$(LIB_SRC))
	@mkdir -p $(dir $@); rm -f $@; ar rcs $@ $^

# admin.fcgi: admin.c (the route table) and the handlers in cgi-bin/admin/
build/admin.fcgi: build/obj/cgi-bin/admin.o $(patsubst %.c,build/obj/%.o,$(ADMIN_SRC)) build/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/admin.fcgi: build/asan/obj/cgi-bin/admin.o $(patsubst %.c,build/asan/obj/%.o,$(ADMIN_SRC)) build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

build/%.fcgi: build/obj/cgi-bin/%.o build/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/%.fcgi: build/asan/obj/cgi-bin/%.o build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

build/ctl build/jobs: build/%: build/obj/cgi-bin/%.o build/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/ctl build/asan/jobs: build/asan/%: build/asan/obj/cgi-bin/%.o build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/test_%: build/asan/obj/tests/unit/test_%.o build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# db_tx against the live test database, run by tests/crash
asan: build/asan/probe_tx
build/asan/probe_tx: build/asan/obj/tests/crash/probe_tx.o build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

# the ledger against the live test database, run by tests/http/ledger_db
asan: build/asan/test_ledger_db
build/asan/test_ledger_db: build/asan/obj/tests/ledger/test_ledger_db.o build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# the payout path against the live test database, run by tests/http/ledger_db
asan: build/asan/test_payout_db
build/asan/test_payout_db: build/asan/obj/tests/ledger/test_payout_db.o build/asan/libpintuan.a
	@echo "  LD      $@"
	@$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# the two floors of `make bench` (tests/bench/): not part of the app
BENCH_BIN := build/bench/floor.fcgi build/bench/hello.fcgi

build/bench/%.fcgi: build/obj/tests/bench/%.o build/libpintuan.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LDLIBS)

# --- front-end packages and generated data --------------------------------
static/node_modules/.package-lock.json: static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

vendor: static/node_modules/.package-lock.json
	@etc/vendor.sh

build/regions.sql: static/node_modules/.package-lock.json sql/gen-regions.mjs
	@mkdir -p build
	node sql/gen-regions.mjs > $@.tmp && mv $@.tmp $@

# --- the stack -------------------------------------------------------------
deps:
	@etc/deps.sh

run: deps all
	@PORT=$(PORT) VAR=var BIN=build etc/stack.sh start
	@PINTUAN_CONF=var/app.conf build/ctl seed-demo
	@PORT=$(PORT) VAR=var etc/stack.sh banner

stop:
	@VAR=var etc/stack.sh stop

# --- tests -----------------------------------------------------------------
unit: asan
	@set -e; for t in $(UNIT); do echo "== $$t"; \
	  ASAN_OPTIONS=detect_leaks=1 $$t; done

# test: unit tests, a short fuzz, then the stack with every HTTP, browser,
# clock and crash test. TEST_FILES='tests/http/x.test.mjs …': only the
# stack and those files (no unit tests, no fuzz).
test: deps
	@$(MAKE) --no-print-directory asan vendor build/regions.sql
	@if [ -z "$(TEST_FILES)" ]; then \
	  $(MAKE) --no-print-directory unit && \
	  $(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10 FUZZ_RUNS=100000; fi
	@TEST_FILES="$(TEST_FILES)" etc/test-stack.sh $(TEST_PORT)

# bench: the optimised build on its own stack (build/bench-var, port
# BENCH_PORT=18090), each scenario BENCH_SECONDS (10) at BENCH_CONNECTIONS
# (32); prints the table and writes build/bench.json (tests/bench/run.sh).
# bench-long also drives BENCH_REQUESTS (100000) requests at one page and
# checks that no process's RSS grew by more than 1 MB.
bench: deps all $(BENCH_BIN)
	@tests/bench/run.sh

bench-long: deps all $(BENCH_BIN)
	@BENCH_REQUESTS=$${BENCH_REQUESTS:-100000} tests/bench/run.sh

# --- fuzzing ---------------------------------------------------------------
# libFuzzer harnesses tests/fuzz/fuzz_*.c, linked with the library built by
# clang with ASan+UBSan and coverage into build/fuzz/. `make fuzz` runs each
# for FUZZ_SECONDS over build/fuzz/corpus/<name> (new inputs go there) plus
# the committed seeds tests/fuzz/corpus/<name> (only read); FUZZ_RUNS caps
# the mutations too. Any crash, leak, sanitizer report or timeout fails it.
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_RUNS	?= -1
FUZZ_CFLAGS	:= -O1 -g $(WARN) -Werror -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRC	:= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ		:= $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

build/fuzz/obj/%.o: %.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(INC) $(PKGCF) -c $< -o $@

$(patsubst tests/fuzz/%.c,build/fuzz/obj/tests/fuzz/%.o,$(FUZZ_SRC)): tests/fuzz/fuzz.h

build/fuzz/libpintuan.a: $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
	@rm -f $@; ar rcs $@ $^

build/fuzz/fuzz_%: build/fuzz/obj/tests/fuzz/fuzz_%.o build/fuzz/libpintuan.a
	@echo "  LD      $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz: deps
	@$(MAKE) --no-print-directory -s $(FUZZ)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_RUNS) $(FUZZ)

clean:
	rm -rf build
