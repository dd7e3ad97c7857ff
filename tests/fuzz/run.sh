#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS RUNS HARNESS… — runs each libFuzzer harness
# (build/fuzz/fuzz_<name>) for at most SECONDS and at most RUNS inputs
# (-1: no cap) over two corpus directories: build/fuzz/corpus/<name>, which
# receives the new interesting inputs and persists between runs, and the
# committed seeds tests/fuzz/corpus/<name>, which libFuzzer only reads. A
# crash, leak, sanitizer report, timeout (10 s per input) or out-of-memory
# leaves its input in build/fuzz/artifacts/<name>/ and fails the run.
# Prints one line per harness: runs, seconds, exec/s, coverage, corpus.
# Called by `make fuzz` (and, briefly, by `make test`).
set -uo pipefail
cd "$(dirname "$0")/../.."

if (($# < 3)); then
	echo "usage: $0 SECONDS RUNS HARNESS..." >&2
	exit 2
fi
secs=$1 runs=$2
shift 2
failed=()

# UBSan stops at the first report (the build has -fno-sanitize-recover);
# ASan looks for leaks after every input that grows memory.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

for bin in "$@"; do
	name=${bin##*/fuzz_}
	seeds=tests/fuzz/corpus/$name
	work=build/fuzz/corpus/$name
	art=build/fuzz/artifacts/$name
	log=build/fuzz/$name.log
	mkdir -p "$work" "$art"
	opts=(-max_total_time="$secs" -runs="$runs" -timeout=10
	      -rss_limit_mb=2048 -print_final_stats=1
	      -artifact_prefix="$art/")
	[ -f "tests/fuzz/$name.dict" ] && opts+=(-dict="tests/fuzz/$name.dict")
	"$bin" "${opts[@]}" "$work" "$seeds" >"$log" 2>&1
	rc=$?

	# The last status line ("#123 DONE cov: 456 ft: 789 corp: 12/3Kb …")
	# and the final stats.
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
	ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
	corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9a-zA-Z]+).*/\1/p' <<<"$last")
	n=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$log")
	eps=$(sed -nE 's/^stat::average_exec_per_sec: +([0-9]+)/\1/p' "$log")
	took=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log")
	printf '  fuzz %-12s %8s runs %4ss %7s exec/s  cov %5s  ft %6s  corpus %s\n' \
		"$name" "${n:-?}" "${took:-?}" "${eps:-?}" "${cov:-?}" \
		"${ft:-?}" "${corp:-?}"
	if ((rc != 0)); then
		echo "  fuzz $name FAILED (exit $rc); the end of $log:" >&2
		tail -n 60 "$log" >&2
		ls -1 "$art" >&2
		failed+=("$name")
	fi
done

if ((${#failed[@]})); then
	echo "fuzz: findings in ${failed[*]} (inputs in build/fuzz/artifacts/;" \
		"replay with build/fuzz/fuzz_<name> FILE)" >&2
	exit 1
fi
