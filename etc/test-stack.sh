#!/usr/bin/env bash
# etc/test-stack.sh PORT — the end-to-end part of `make test`: start a fresh
# stack from the sanitizer build (build/asan) with its state in build/test-var,
# run the HTTP tests (tests/http), the browser tests (tests/browser), the
# test-clock tests (tests/clock) and last the crash test (tests/crash: kills
# processes and mariadbd) against it, and stop it whatever happens.
#
# Fails when a test fails, when the stack does not start, or when any
# sanitizer report was written (build/test-var/log/asan.*; printed).
#
# The tests get: BASE_URL, PINTUAN_CONF, CTL (build/asan/ctl, which reads
# PINTUAN_CONF), SCREENSHOTS (build/screenshots, emptied first) and CHROMIUM.
# TEST_CONCURRENCY (default 2) is how many HTTP or browser test files run
# at once. A file whose first line says `// test-stack: serial (why)`
# changes state other files read (global settings, deliberate corruption
# for ctl verify, today's hot items): such files run first, one at a time.
# TEST_FILES (space-separated *.test.mjs paths): only those files, in the
# order given, instead of the whole suite (`make test TEST_FILES='…'`).
# REPLICA=1 / HOSTS=2 (etc/stack.sh; both off by default): the stack with
# a read replica / two app hosts (`make test-scale` sets both; the tests
# that need them skip without).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)

PORT=${1:?usage: etc/test-stack.sh PORT}
export PORT VAR=$ROOT/build/test-var BIN=$ROOT/build/asan TEST_MODE=1 FCGI_PROCS=2
LOG=$VAR/log

# Sanitizers: every report goes to a file (asan.<pid>) and stops the process.
# tests/lsan.supp, if present, lists leaks in third-party libraries to ignore.
export ASAN_OPTIONS="log_path=$LOG/asan:abort_on_error=1:halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$LOG/asan:print_stacktrace=1:halt_on_error=1:abort_on_error=1"
if [ -f tests/lsan.supp ]; then export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp"; fi

export BASE_URL=http://127.0.0.1:$PORT
export PINTUAN_CONF=$VAR/app.conf
export CTL=$BIN/ctl
export SCREENSHOTS=$ROOT/build/screenshots
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
TEST_CONCURRENCY=${TEST_CONCURRENCY:-2}
# the crash test's chaos: 20 s in `make test` (some 50 kills of workers,
# programs, the scheduler and mariadbd); CRASH_SECONDS=40 or more by hand
export CRASH_SECONDS=${CRASH_SECONDS:-20}

# A run that was killed may have left its stack running: stop it, then wipe.
etc/stack.sh stop >/dev/null 2>&1 || etc/stack.sh stop
rm -rf "$VAR" "$SCREENSHOTS"
mkdir -p "$LOG" "$SCREENSHOTS"

stopped=0
stop_stack() {
	if ((!stopped)); then
		stopped=1
		etc/stack.sh stop || true
	fi
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

# node's flags differ between Debian's node 18 and newer ones
NODE_FLAGS=()
node_help=$(node --help)
[[ $node_help == *--test-reporter* ]] && NODE_FLAGS+=(--test-reporter=spec)
has_concurrency=0
[[ $node_help == *--test-concurrency* ]] && has_concurrency=1

# run_dir DIR: node --test on DIR's *.test.mjs files; skipped when none.
# The files marked serial run first, alone; then the others,
# TEST_CONCURRENCY at once.
run_dir() {
	local dir=$1 files=() serial=() rest=() f rc=0
	[ -d "$dir" ] && mapfile -t files < <(find "$dir" -name '*.test.mjs' -type f | sort)
	if ((${#files[@]} == 0)); then
		echo "test-stack: no *.test.mjs in $dir, skipped"
		return 0
	fi
	for f in "${files[@]}"; do
		if head -n 1 "$f" | grep -q '^// test-stack: serial'; then serial+=("$f"); else rest+=("$f"); fi
	done
	if ((${#serial[@]})); then
		echo "== node --test $dir: ${#serial[@]} files one at a time"
		for f in "${serial[@]}"; do node --test "${NODE_FLAGS[@]}" "$f" || rc=1; done
	fi
	((${#rest[@]})) || return "$rc"
	if ((has_concurrency)); then
		echo "== node --test $dir: ${#rest[@]} files, $TEST_CONCURRENCY at once"
		node --test "${NODE_FLAGS[@]}" --test-concurrency="$TEST_CONCURRENCY" "${rest[@]}" || rc=1
	else
		# older node: one file at a time keeps the files from racing
		echo "== node --test $dir: ${#rest[@]} files one at a time"
		for f in "${rest[@]}"; do node --test "${NODE_FLAGS[@]}" "$f" || rc=1; done
	fi
	return "$rc"
}

status=0
started=0
if etc/stack.sh start; then
	started=1
	if [ -n "${TEST_FILES:-}" ]; then
		# one at a time, in the order given
		read -ra files <<<"$TEST_FILES"
		echo "== node --test TEST_FILES (${#files[@]} files)"
		for f in "${files[@]}"; do node --test "${NODE_FLAGS[@]}" "$f" || status=1; done
		"$BIN/ctl" clock reset >/dev/null 2>&1 || true
	else
		run_dir tests/http || status=1
		run_dir tests/browser || status=1
		# last, one file at a time: these move the test clock (ctl
		# clock), which every program of the stack obeys
		TEST_CONCURRENCY=1 run_dir tests/clock || status=1
		"$BIN/ctl" clock reset >/dev/null 2>&1 || true
		# after everything else: kills workers, programs, jobs and
		# mariadbd under load, and checks that the stack's supervision
		# brings them back
		TEST_CONCURRENCY=1 run_dir tests/crash || status=1
	fi
else
	status=1
fi
stop_stack

reports=("$LOG"/asan.*)
if [ -e "${reports[0]}" ]; then
	status=1
	for f in "${reports[@]}"; do
		printf '\n==== sanitizer report %s\n' "${f#"$ROOT"/}"
		cat "$f"
	done
fi
# With gcc, UBSan's runtime is separate from ASan's and ignores log_path: its
# reports land on the program's stderr, i.e. in the program logs.
# (app host 2's logs, HOSTS=2, are in log/h2)
for f in "$LOG"/*.log "$LOG"/h2/*.log; do
	[ -e "$f" ] || continue
	case ${f##*/} in mysqld*.log | nginx-*.log | mariadb-install-db*.log) continue ;; esac
	if grep -qE 'runtime error:|ERROR: (Address|Leak|Undefined)Sanitizer' "$f"; then
		status=1
		printf '\n==== sanitizer report in %s\n' "${f#"$ROOT"/}"
		grep -E -A 12 'runtime error:|ERROR: (Address|Leak|Undefined)Sanitizer' "$f"
	fi
done

if ((status)); then
	for f in "$LOG"/*.log "$LOG"/h2/*.log; do
		if [ ! -s "$f" ] || [[ ${f##*/} == mariadb-install-db*.log ]]; then continue; fi
		printf '\n==== tail of %s\n' "${f#"$ROOT"/}"
		tail -n 40 "$f"
	done
	echo
	if ((!started)); then echo "test-stack: the stack did not start"; fi
	echo "test-stack: FAILED (state kept in ${VAR#"$ROOT"/}, screenshots in ${SCREENSHOTS#"$ROOT"/})"
	exit 1
fi
echo "test-stack: all passed, no sanitizer reports"
