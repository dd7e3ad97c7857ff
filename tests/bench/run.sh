#!/usr/bin/env bash
# tests/bench/run.sh — `make bench` (DESIGN.md §7): the app against the
# floor, on a stack of its own, in one run.
#
#   1. a fresh stack from the optimised build (build/) in build/bench-var on
#      port 18090, so `make run`'s var/ and `make test`'s stack are never
#      touched; plus the two floor programs (tests/bench/floor.c, hello.c)
#      with the same process count, behind the same nginx (their locations
#      go in $VAR/nginx.d/bench.conf, which etc/nginx.conf.in includes);
#   2. the data: `ctl bench-seed` (the demo data, a product with ample
#      stock, a public 全民拼购 activity with it as the prize, BENCH_MEMBERS
#      members credited 零钱 through the ledger, a session each) and the
#      floor's table;
#   3. every scenario for BENCH_SECONDS after BENCH_WARMUP seconds of
#      warm-up, at BENCH_CONNECTIONS connections (wrk, tests/bench/bench.lua):
#        floor       POST /bench/floor: one durable 2-row transaction   → F
#        hello       GET /bench/hello: a fixed text                      → H
#        gb_join     POST /gb/activity/:id/join, members in turn (÷ F)
#        gb_list     GET /gb, the group-buy home page, as members (÷ H)
#        gb_list_visitor  the same with a visitor's cookie: /gb looks up
#                    no session for either, so the two differ only in
#                    what the page shows a member (÷ H)
#        gb_group    GET /gb/group/:id, the groups gb_join drew (÷ H)
#        shop_order  POST /shop/order of the bench product (÷ F)
#        wallet      GET /wallet (÷ H)
#        queue_order_empty  shop_order with the queue rebate on, inline
#                    (queue.inline: entitlement, funding and payout in the
#                    order's transaction), into the product's own queue,
#                    empty at the start (÷ F)
#        queue_order the same into the mall's queue, with 100k waiting
#                    entitlements ahead (seeded by SQL): a payout reads
#                    from the head cursor only, so it should be within 10%
#                    of queue_order_empty (÷ F)
#        rp_grab     POST /rp/:id/grab of a live 100,000-packet rain, cap
#                    1000, members in turn (÷ F): the rush route. nginx's
#                    overall limit on it is raised (RP_GRAB_RATE_ALL) so
#                    that the program is measured, not the limit.
#        gb_list_rush  GET /gb as gb_list, while another wrk drives
#                    rp_grab at the same connections: the rest of the site
#                    during a rush (÷ H; target: at least half of gb_list)
#      with each program's processes' RSS before and after;
#   4. `ctl verify` (the run fails when an invariant broke), the table, and
#      build/bench.json; then the stack stops.
#
# env: BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (32),
#      BENCH_THREADS (wrk threads, 2), BENCH_PROCS (processes per program, 4),
#      BENCH_MEMBERS (3000), BENCH_ROUNDS (times the whole list runs, 1: with
#      more the table shows the median and the range), BENCH_ONLY ("floor
#      gb_join …": a subset), BENCH_REQUESTS (0; N > 0: afterwards N requests
#      at BENCH_LONG (gb_group) and a check that no process's RSS grew more
#      than 1 MB — `make bench-long`), BENCH_STRICT=1 (missed targets fail
#      the run), BENCH_KEEP=1 (keep the state and leave the stack running,
#      for profiling), BENCH_PORT (18090), BENCH_VAR (build/bench-var),
#      BENCH_BIN (the app's binaries, default build: another build of the
#      app, e.g. an older commit's, to compare against the same floors).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
ROOT=$(pwd -P)

export VAR=${BENCH_VAR:-$ROOT/build/bench-var}
export PORT=${BENCH_PORT:-18090}
export BIN=${BENCH_BIN:-$ROOT/build}
export FCGI_PROCS=${BENCH_PROCS:-4}
unset TEST_MODE
# the grab route's overall limit (etc/stack.sh): above what 2 cores serve
export RP_GRAB_RATE_ALL=${RP_GRAB_RATE_ALL:-50000} RP_GRAB_BURST_ALL=${RP_GRAB_BURST_ALL:-50000}
DUR=${BENCH_SECONDS:-10}
WARM=${BENCH_WARMUP:-2}
CONN=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
MEMBERS=${BENCH_MEMBERS:-3000}
ROUNDS=${BENCH_ROUNDS:-1}
LONG_N=${BENCH_REQUESTS:-0}
LONG_PAGE=${BENCH_LONG:-gb_group}
ONLY=${BENCH_ONLY:-}
KEEP=${BENCH_KEEP:-0}
FLOOR_ROWS=10000
ALL="floor hello gb_join gb_list gb_list_visitor gb_group shop_order wallet rp_grab gb_list_rush queue_order_empty queue_order"
OUT=$ROOT/build/bench.json
LOG=$VAR/log
export PINTUAN_CONF=$VAR/app.conf
export TZ=Asia/Shanghai
# the stack's socket directory (the floors' sockets and pid files go there)
RUN=$(etc/stack.sh rundir)

say() { printf 'bench: %s\n' "$*"; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

for v in DUR WARM CONN THREADS MEMBERS ROUNDS LONG_N FCGI_PROCS PORT; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v=${!v} is not a number"
done
((DUR > 0 && CONN > 0 && THREADS > 0 && ROUNDS > 0)) || die "zero duration, connections, threads or rounds"
((CONN >= THREADS)) || die "BENCH_CONNECTIONS must be at least BENCH_THREADS"
for c in wrk node spawn-fcgi mariadb; do
	command -v "$c" >/dev/null || die "$c not found: run make deps"
done
for f in "$BIN/ctl" "$ROOT/build/bench/floor.fcgi" "$ROOT/build/bench/hello.fcgi"; do
	[ -x "$f" ] || die "no $f: run make bench (it builds them)"
done
for n in $ONLY; do [[ " $ALL " == *" $n "* ]] || die "BENCH_ONLY: no scenario $n"; done

db() { mariadb --defaults-file="$VAR/my.cnf" --batch --skip-column-names pintuan "$@"; }
ctl() { "$BIN/ctl" "$@"; }

# --- the stack -----------------------------------------------------------------

# stack.sh stop stops every program with a pid file in $RUN, the floors
# too, and waits until they are gone.
bench_stop() {
	etc/stack.sh stop >/dev/null || etc/stack.sh stop
}

# A run that was killed may have left its stack running.
if [ -d "$VAR" ]; then bench_stop; fi
if [ "$KEEP" != 1 ]; then rm -rf "$VAR"; fi
mkdir -p "$VAR/nginx.d" "$LOG"
cat >"$VAR/nginx.d/bench.conf" <<-EOF
	# written by tests/bench/run.sh: the floors of make bench
	location = /bench/floor { fastcgi_pass unix:$RUN/floor.sock; }
	location = /bench/hello { fastcgi_pass unix:$RUN/hello.sock; }
EOF

finish() {
	if [ "$KEEP" = 1 ]; then
		say "stack left running (BENCH_KEEP=1): VAR=$VAR etc/stack.sh stop"
	else
		bench_stop
	fi
}
trap finish EXIT
trap 'exit 130' INT TERM

etc/stack.sh start

spawn_floor() {
	local name=$1
	echo "--- $(date '+%F %T') spawn-fcgi -F $FCGI_PROCS build/bench/$name.fcgi" >>"$LOG/$name.log"
	spawn-fcgi -s "$RUN/$name.sock" -M 0600 -F "$FCGI_PROCS" -P "$RUN/$name.pid" -d "$ROOT" \
		-- /bin/sh -c 'exec "$0" >>"$1" 2>&1' "$ROOT/build/bench/$name.fcgi" "$LOG/$name.log" >/dev/null
}

db <<-SQL
	CREATE TABLE IF NOT EXISTS bench_floor (
	  id INT PRIMARY KEY,
	  n  BIGINT NOT NULL DEFAULT 0
	) ENGINE=InnoDB;
	INSERT IGNORE INTO bench_floor (id)
	  WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $FLOOR_ROWS)
	  SELECT i FROM s;
SQL
if ! [ -f "$RUN/floor.pid" ]; then spawn_floor floor; spawn_floor hello; fi

say "seeding $MEMBERS members (ctl bench-seed)"
t0=$SECONDS
seed=$(ctl bench-seed "$MEMBERS" "$VAR/sessions.txt")
PRODUCT=$(sed -n 's/^product=//p' <<<"$seed")
ACTIVITY=$(sed -n 's/^activity=//p' <<<"$seed")
[ -n "$PRODUCT" ] && [ -n "$ACTIVITY" ] || die "ctl bench-seed printed no product/activity: $seed"
say "seeded in $((SECONDS - t0))s: product $PRODUCT, activity $ACTIVITY"
# rp_grab: a live rain with more packets than the run can take (the
# setting rp.max_count raised for it; settings reach the programs within 1 s)
db -e "INSERT INTO settings (k, v, updated_at) VALUES ('rp.max_count', '100000', NOW())
	ON DUPLICATE KEY UPDATE v = VALUES(v); UPDATE settings_meta SET version = version + 1 WHERE id = 1"
RAIN=$(ctl rp-create 压测红包雨 2000.00 100000 1000 "$(date -d '-1 min' '+%F %T')" \
	"$(date -d '+2 hour' '+%F %T')") || die "ctl rp-create failed"
say "rain $RAIN: 100000 packets"
# a visitor's cookie, as the app gives every visitor: "a" + 43 base64url
printf '0 a%s -\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-43)" \
	>"$VAR/visitor.txt"

durability=$(db -e "SELECT JSON_OBJECT('innodb_flush_log_at_trx_commit', @@innodb_flush_log_at_trx_commit,
	'innodb_flush_method', @@innodb_flush_method, 'innodb_doublewrite', IF(@@innodb_doublewrite, 'on', 'off'),
	'log_bin', IF(@@log_bin, 'on', 'off'), 'sync_binlog', @@sync_binlog + 0, 'version', VERSION())")

# --- measuring ---------------------------------------------------------------------

# The scenario's program, kind (floor / write / page) and wrk settings.
program_of() {
	case $1 in
	floor | hello) echo "$1" ;;
	gb_list_rush) echo groupbuy ;;
	gb_*) echo groupbuy ;;
	shop_order | queue_order*) echo shop ;;
	wallet) echo wallet ;;
	rp_grab) echo rp ;;
	esac
}

# prepare NAME: what a scenario needs beyond the seed. The queue ones turn
# the queue rebate on (inline, on payment, one mall queue, 50% funding);
# queue_order then appends 100k waiting entitlements of ¥1,000,000 each
# (never paid in full during the run) behind what is there, as if ordered
# long ago: positions tail+1 …, the queue's tail moved past them.
prepare() {
	case $1 in
	queue_order_empty)
		db <<-SQL
			INSERT INTO settings (k, v, updated_at) VALUES ('queue.enabled', 'true', NOW()),
			  ('queue.inline', 'true', NOW()), ('queue.settle_on', '"paid"', NOW()),
			  ('queue.mall_scope', 'false', NOW()), ('queue.extract_bp', '5000', NOW())
			  ON DUPLICATE KEY UPDATE v = VALUES(v);
			UPDATE settings_meta SET version = version + 1 WHERE id = 1;
		SQL
		sleep 2 ;;
	queue_order)
		db <<-SQL
			INSERT IGNORE INTO queues (scope, scope_id, name, created_at) VALUES ('mall', 0, '商城排队', NOW());
			SET @q = (SELECT id FROM queues WHERE scope = 'mall' AND scope_id = 0);
			SET @t = (SELECT tail FROM queues WHERE id = @q);
			SET @m = (SELECT MIN(id) FROM members);
			SET SESSION max_recursive_iterations = 200000;
			INSERT INTO queue_entitlements (queue_id, position, member_id, order_id, order_source, base,
			  ratio_bp, source, words, amount, created_at)
			  WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100000)
			  SELECT @q, @t + i, @m, i, 'bench', 100000000, 10000, 'default', '按默认比例 100%',
			    100000000, NOW() FROM s
			  WHERE NOT EXISTS (SELECT 1 FROM queue_entitlements WHERE order_source = 'bench');
			UPDATE queues SET tail = (SELECT MAX(position) FROM queue_entitlements WHERE queue_id = @q)
			  WHERE id = @q;
			INSERT INTO settings (k, v, updated_at) VALUES ('queue.mall_scope', 'true', NOW())
			  ON DUPLICATE KEY UPDATE v = VALUES(v);
			UPDATE settings_meta SET version = version + 1 WHERE id = 1;
		SQL
		sleep 2
		say "queue_order: $(db -e "SELECT COUNT(*) FROM queue_entitlements WHERE status = 'waiting'") waiting" ;;
	esac
}

# procs PROGRAM: the pids of its processes. An app program's pid file names
# its pre-forking master (lib/prefork.c), whose children are the workers
# that serve; the floors' pid files (spawn-fcgi -F N) name the workers.
procs() {
	local p
	for p in $(cat "$RUN/$1.pid"); do
		echo "$p"
		cat /proc/"$p"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . || true
	done
}

# rss PROGRAM: the VmRSS (kB) of each of its processes, as a JSON array.
rss() {
	local p out=""
	for p in $(procs "$1"); do
		out+="${out:+,}$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo null)"
	done
	echo "[$out]"
}

# cpu PROGRAM: CPU time (clock ticks, user + system) used so far by the
# program's processes, the stack's mariadbd and nginx workers — the server
# side of a request, whatever else runs on the machine.
cpu() {
	local p pids ng
	ng=$(cat "$RUN/nginx.pid")
	pids="$(procs "$1") $(cat "$RUN/mysqld.pid") $(cat /proc/"$ng"/task/*/children 2>/dev/null)"
	for p in $pids; do
		awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true
	done | awk '{ s += $1 } END { print s + 0 }'
}

# drive NAME SECONDS: one wrk run of the scenario; prints its BENCH_JSON.
drive() {
	local name=$1 secs=$2 out rush=
	if [ "$name" = gb_list_rush ]; then
		# the rush, from a second wrk, for the whole measured run
		paths rp_grab
		drive rp_grab $((secs + 2)) >/dev/null &
		rush=$!
		sleep 1
		name=gb_list
		paths gb_list
	fi
	local -a env=(BENCH_THREADS="$THREADS" BENCH_SESSIONS="$VAR/sessions.txt" BENCH_PATHS="$VAR/paths-$name.txt")
	case $name in
	floor) env+=(BENCH_METHOD=POST BENCH_SESSIONS=) ;;
	hello) env+=(BENCH_SESSIONS=) ;;
	gb_list_visitor) env+=(BENCH_SESSIONS="$VAR/visitor.txt") ;;
	gb_join | rp_grab) env+=(BENCH_METHOD=POST BENCH_ACCEPT=json) ;;
	shop_order | queue_order*) env+=(BENCH_METHOD=POST BENCH_ACCEPT=json "BENCH_BODY=product=$PRODUCT&qty=1") ;;
	esac
	out=$(env "${env[@]}" wrk -t "$THREADS" -c "$CONN" -d "${secs}s" --latency --timeout 10s \
		-s tests/bench/bench.lua "http://127.0.0.1:$PORT/") || die "wrk failed for $name"
	if [ -n "$rush" ]; then wait "$rush" || die "wrk failed for the rush"; fi
	sed -n 's/^BENCH_JSON //p' <<<"$out"
}

paths() {
	case $1 in
	floor) echo /bench/floor ;;
	hello) echo /bench/hello ;;
	gb_join) echo "/gb/activity/$ACTIVITY/join" ;;
	gb_list | gb_list_visitor | gb_list_rush) echo /gb ;;
	gb_group)
		db -e "SELECT CONCAT('/gb/group/', id) FROM gb_groups WHERE activity_id = $ACTIVITY
			AND status = 'drawn' ORDER BY id DESC LIMIT 100"
		;;
	shop_order | queue_order*) echo /shop/order ;;
	wallet) echo /wallet ;;
	rp_grab) echo "/rp/$RAIN/grab" ;;
	esac >"$VAR/paths-$1.txt"
	[ -s "$VAR/paths-$1.txt" ] || echo "/gb/group/1" >"$VAR/paths-$1.txt"
}

RESULTS=$VAR/results.jsonl
: >"$RESULTS"
for ((round = 1; round <= ROUNDS; round++)); do
	for name in $ALL; do
		[ -z "$ONLY" ] || [[ " $ONLY " == *" $name "* ]] || continue
		prog=$(program_of "$name")
		paths "$name"
		prepare "$name"
		if ((WARM > 0)); then drive "$name" "$WARM" >/dev/null; fi
		before=$(rss "$prog")
		c0=$(cpu "$prog")
		res=$(drive "$name" "$DUR")
		c1=$(cpu "$prog")
		after=$(rss "$prog")
		[ -n "$res" ] || die "no result from wrk for $name"
		echo "{\"round\":$round,\"name\":\"$name\",\"program\":\"$prog\",\"wrk\":$res,\"rss_before\":$before,\"rss_after\":$after,\"cpu_ticks\":$((c1 - c0)),\"hz\":$(getconf CLK_TCK)}" >>"$RESULTS"
		say "round $round $name: $res"
	done
done

# --- RSS over many requests (make bench-long) -----------------------------------------

LONG_JSON=null
# field NAME JSON: a number of a wrk result, integer part
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" <<<"$2"; }
if ((LONG_N > 0)); then
	[[ " $ALL " == *" $LONG_PAGE "* ]] || die "BENCH_LONG: no scenario $LONG_PAGE"
	prog=$(program_of "$LONG_PAGE")
	paths "$LONG_PAGE"
	warm=$((LONG_N / 10 > 5000 ? LONG_N / 10 : 5000))
	say "long run: $LONG_N requests at $LONG_PAGE after $warm of warm-up"
	# warm-up until `warm` requests are done
	n=0
	secs=5
	while ((n < warm)); do
		r=$(drive "$LONG_PAGE" "$secs")
		n=$((n + $(field requests "$r")))
		rate=$(field rps "$r")
		((rate > 0)) || die "no requests served in the long run's warm-up"
	done
	before=$(rss "$prog")
	n=0
	while ((n < LONG_N)); do
		secs=$(((LONG_N - n) / rate + 1))
		r=$(drive "$LONG_PAGE" "$secs")
		n=$((n + $(field requests "$r")))
		say "long run: $n requests"
	done
	after=$(rss "$prog")
	LONG_JSON="{\"name\":\"$LONG_PAGE\",\"program\":\"$prog\",\"requests\":$n,\"rss_before\":$before,\"rss_after\":$after}"
fi

# --- verify, report ------------------------------------------------------------------

say "ctl verify"
verify_rc=0
verify_out=$(ctl verify 2>&1) || verify_rc=$?
echo "$verify_out" | tail -n 20

node tests/bench/report.mjs --results "$RESULTS" --out "$OUT" --durability "$durability" \
	--long "$LONG_JSON" --verify "$verify_rc" --seconds "$DUR" --connections "$CONN" \
	--procs "$FCGI_PROCS" --strict "${BENCH_STRICT:-0}" || report_rc=$?
((verify_rc == 0)) || die "ctl verify failed after the run"
exit "${report_rc:-0}"
