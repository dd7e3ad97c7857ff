#!/usr/bin/env bash
# shellcheck disable=SC2015,SC2016,SC2046,SC2094,SC2174  # all deliberate
# etc/stack.sh — the local Pintuan stack: a private MariaDB, the FastCGI
# programs (spawn-fcgi), the jobs daemon and nginx, all run as the invoking
# user with every bit of state under $VAR, and a supervisor that starts
# again whatever of them dies.
#
#   etc/stack.sh start|stop|status|banner|rundir
#
# rundir prints the directory of the sockets and pid files (see RUN below),
# for tests/bench/run.sh, which puts its floors' there too.
#
# env: VAR (state dir, default var), BIN (binaries, default build),
#      PORT (default 8080), FCGI_PROCS (worker processes per program,
#      1 to 256, default 4), TEST_MODE=1 (writes test_mode = 1 into app.conf),
#      REPLICA=1 (a second mariadbd, a GTID replica of the first, for the
#      reads that may lag: see "The read replica" below; default 0),
#      DB_PORT / REPLICA_PORT (their TCP ports on 127.0.0.1 with REPLICA=1,
#      default PORT+6 and PORT+7), HOSTS=2 (two sets of the FastCGI
#      programs, as if on two app hosts, behind one nginx upstream per
#      program: see "App hosts" below; default 1).
#
# $VAR/db        MariaDB data directory (mariadb-install-db, once)
# $VAR/run       sockets and pid files (mysqld, nginx, jobs, supervise,
#                <program>.sock/.pid)
# $VAR/log       mysqld.log, nginx-*.log, jobs.log, supervise.log, <program>.log
# $VAR/app.conf  what the programs read (env PINTUAN_CONF); db_pass kept across starts
# $VAR/db-replica, $VAR/my-replica.cnf, $RUN/mysqld-replica.{sock,pid},
# $LOG/mysqld-replica.log, $VAR/binlog (the primary's binary log),
# $VAR/repl.pass   the replica's (REPLICA=1)
#
# As root (CI, containers) everything runs as root: my.cnf gets user = root
# and nginx `user root root`, so the workers can read static/ wherever the
# checkout is (even under /root) and connect to the 0600 sockets in the 0700
# run dir. Running mariadbd as mysql and the workers as www-data would need a
# chowned $VAR and a world-readable checkout, for a stack that only listens on
# 127.0.0.1. Production runs under dedicated users: see README.md.
#
# start is idempotent: what runs is left alone, unless its binary (or app.conf,
# or FCGI_PROCS) changed since it was started — then it is restarted.
# stop stops what the pid files name, waits until it is gone and cleans up.
#
# Crash safety: each FastCGI program is a master (spawn-fcgi -F 1) that
# forks FCGI_PROCS workers and forks a new one when a worker dies
# (cgi-bin/lib/prefork.c), so the socket stays open and only the request in
# flight fails. `stack.sh supervise`, started by start, checks every second
# that mariadbd, each master, jobs and nginx run, and starts again what does
# not (a dead master's workers exit with it). start and stop stop the
# supervisor first, so it never races them; start runs it again at the end.
set -euo pipefail
export LC_ALL=C
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
umask 022

cd "$(dirname "$0")/.."
ROOT=$(pwd -P)

abspath() { case $1 in /*) printf '%s' "${1%/}" ;; *) printf '%s' "$ROOT/${1%/}" ;; esac; }
VAR=$(abspath "${VAR:-var}")
BIN=$(abspath "${BIN:-build}")
PORT=${PORT:-8080}
FCGI_PROCS=${FCGI_PROCS:-4}
REPLICA=${REPLICA:-0}
HOSTS=${HOSTS:-1}
DB_PORT=${DB_PORT:-$((PORT + 6))}
REPLICA_PORT=${REPLICA_PORT:-$((PORT + 7))}
LOG=$VAR/log
CONF=$VAR/app.conf
DB_NAME=pintuan
DB_USER=pintuan
ME=$(id -un)
IS_ROOT=0; [ "$(id -u)" -eq 0 ] && IS_ROOT=1
export PINTUAN_CONF=$CONF
# The business runs on Beijing time: daily jobs fire at 00:00 Asia/Shanghai
# and the programs format local times; MariaDB sessions are set to +08:00 too.
export TZ=Asia/Shanghai

# Sockets live in $VAR/run unless that path is too long for a unix socket
# (sun_path is 108 bytes): then in a short per-$VAR directory under /tmp, with
# $VAR/run a symlink to it.
RUN=$VAR/run
if (( ${#RUN} > 80 )); then
	RUN=${TMPDIR:-/tmp}/pintuan-$(id -u)-$(printf '%s' "$VAR" | md5sum | cut -c1-12)
fi

say() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

# Each master forks FCGI_PROCS workers; a program refuses more than
# PREFORK_MAX (cgi-bin/lib/prefork.h).
[[ $FCGI_PROCS =~ ^[1-9][0-9]{0,2}$ ]] && ((FCGI_PROCS <= 256)) ||
	die "FCGI_PROCS=$FCGI_PROCS must be a whole number from 1 to 256"
[[ $REPLICA == [01] ]] || die "REPLICA=$REPLICA must be 0 or 1"
[[ $HOSTS == [12] ]] || die "HOSTS=$HOSTS must be 1 or 2"

# --- processes ---------------------------------------------------------------

# pid_alive PID WORD: PID runs and its command line contains WORD (so a pid
# file left by a crash never makes us signal an unrelated process).
pid_alive() {
	local cmd
	[[ $1 =~ ^[0-9]+$ ]] || return 1
	cmd=$(tr '\0' ' ' 2>/dev/null </proc/"$1"/cmdline) || return 1
	[[ -n $cmd && $cmd == *"$2"* ]]
}

# pids_of FILE: the pids in a pid file (spawn-fcgi -F writes one a line,
# without a final newline), nothing when it is missing.
pids_of() {
	local pids=()
	[ -f "$1" ] || return 0
	read -r -d '' -a pids <"$1" || true
	echo "${pids[*]}"
}

# stop_pids WHAT WORD SIGNAL GROUP TIMEOUT PID…: signal the live ones (their
# whole process group when GROUP=1), wait up to TIMEOUT seconds, then SIGKILL.
stop_pids() {
	local what=$1 word=$2 sig=$3 group=$4 timeout=$5 pid live=() left i
	shift 5
	for pid in "$@"; do pid_alive "$pid" "$word" && live+=("$pid"); done
	((${#live[@]})) || return 0
	for pid in "${live[@]}"; do
		if ((group)); then
			kill -"$sig" -- "-$pid" 2>/dev/null || kill -"$sig" "$pid" 2>/dev/null || true
		else
			kill -"$sig" "$pid" 2>/dev/null || true
		fi
	done
	for ((i = 0; i < timeout * 20; i++)); do
		left=()
		for pid in "${live[@]}"; do pid_alive "$pid" "$word" && left+=("$pid"); done
		((${#left[@]})) || return 0
		sleep 0.05
	done
	say "$what did not stop in ${timeout}s; killing ${left[*]}"
	for pid in "${left[@]}"; do
		if ((group)); then kill -KILL -- "-$pid" 2>/dev/null || true; fi
		kill -KILL "$pid" 2>/dev/null || true
	done
	for ((i = 0; i < 100; i++)); do
		left=()
		for pid in "${live[@]}"; do pid_alive "$pid" "$word" && left+=("$pid"); done
		((${#left[@]})) || return 0
		sleep 0.05
	done
	die "$what: ${left[*]} still running"
}

# stamp FILE…: identifies a build of the binaries plus the config they read;
# a program whose stamp changed since it was started is restarted.
stamp() {
	local f
	for f in "$@"; do stat -L -c '%n %i %s %Y' "$f"; done
	md5sum <"$CONF" | cut -c1-32
	echo "procs $FCGI_PROCS"
}

# --- templates ---------------------------------------------------------------

# fill TEMPLATE: print it with every @NAME@ replaced by the env var T_NAME
# (values may span lines); an @NAME@ without a T_NAME is an error.
fill() {
	awk '{
		out = ""; rest = $0
		while (match(rest, /@[A-Z_]+@/)) {
			k = substr(rest, RSTART + 1, RLENGTH - 2)
			if (!(("T_" k) in ENVIRON)) { print "fill: no value for @" k "@ in " FILENAME > "/dev/stderr"; exit 2 }
			out = out substr(rest, 1, RSTART - 1) ENVIRON["T_" k]
			rest = substr(rest, RSTART + RLENGTH)
		}
		print out rest
	}' "$1"
}

# write_if_changed FILE: stdin becomes FILE unless identical; true if it changed.
write_if_changed() {
	local tmp=$1.new
	cat >"$tmp"
	if cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
	mv -f "$tmp" "$1"
}

# --- configuration -------------------------------------------------------------

# random_pass: 32 random letters and digits
random_pass() {
	local p
	p=$(head -c 48 /dev/urandom | base64 -w0)
	p=${p//[^A-Za-z0-9]/}
	printf '%s\n' "${p:0:32}"
}

conf_get() { [ -f "$CONF" ] && sed -n "s/^$1[[:space:]]*=[[:space:]]*//p" "$CONF" | tail -n 1 || true; }

write_app_conf() {
	local pass
	pass=$(conf_get db_pass)
	if [ -z "$pass" ]; then
		pass=$(random_pass)
	fi
	DB_PASS=$pass
	(
		umask 077
		{
			echo "db_socket = $RUN/mysqld.sock"
			echo "db_name = $DB_NAME"
			echo "db_user = $DB_USER"
			echo "db_pass = $pass"
			echo "templates = $ROOT/templates"
			echo "static = $ROOT/static"
			echo "presets = $ROOT/etc/presets"
			echo "var = $VAR"
			echo "port = $PORT"
			echo "base_url = http://127.0.0.1:$PORT"
			if [ "${TEST_MODE:-0}" = 1 ]; then echo "test_mode = 1"; fi
			# reads that may lag (cgi-bin/lib/db.h db_qr)
			if ((REPLICA)); then echo "db_replica_socket = $RUN/mysqld-replica.sock"; fi
			# The sandbox payment provider issues 零钱 for a click: only
			# this local stack may offer it; a production app.conf
			# written by hand leaves it out.
			echo "pay_sandbox = 1"
			# The log provider leaves each SMS with its code in
			# $VAR/sms-dev for `ctl sms-last` (the database keeps
			# codes hashed and the SMS log masked); development only.
			echo "sms_dev_codes = 1"
		} | write_if_changed "$CONF" || true
	)
	chmod 600 "$CONF"
}

# my_cnf_fill DATADIR NAME BUFFER_POOL NETWORK REPLICATION: etc/my.cnf.in
# for the server whose socket, pid file and log are $RUN/NAME.sock,
# $RUN/NAME.pid and $LOG/NAME.log.
my_cnf_fill() {
	T_RUN=$RUN T_VAR=$VAR T_LOG=$LOG T_DB_ADMIN=$ME \
	T_MYSQLD_USER=$( ((IS_ROOT)) && echo "user                    = root" || echo "# (runs as $ME)") \
	T_DATADIR=$1 T_SOCKET=$RUN/$2.sock T_PIDFILE=$RUN/$2.pid T_ERRLOG=$LOG/$2.log \
	T_BUFFER_POOL=$3 T_NETWORK=$4 T_REPLICATION=$5 \
		fill etc/my.cnf.in
}

write_my_cnf() {
	local net repl
	if ((REPLICA)); then
		net="# TCP on 127.0.0.1 too (REPLICA=1): the replica connects to it
bind-address            = 127.0.0.1
port                    = $DB_PORT"
		repl="server_id               = 1
log_bin                 = $VAR/binlog/mysql-bin
binlog_format           = ROW
expire_logs_days        = 2
gtid_strict_mode        = ON"
		mkdir -p "$VAR/binlog"
	else
		net="# Unix socket only: nothing listens on TCP, no clash with a system MariaDB.
skip-networking"
		repl="# none: REPLICA=1 turns on the binary log and a replica"
	fi
	my_cnf_fill "$VAR/db" mysqld 256M "$net" "$repl" | write_if_changed "$VAR/my.cnf" || true
}

write_replica_cnf() {
	my_cnf_fill "$VAR/db-replica" mysqld-replica 128M "bind-address            = 127.0.0.1
port                    = $REPLICA_PORT" "server_id               = 2
# only the replication thread writes (the app's account has no SUPER)
read_only               = ON
relay_log               = relay-bin
gtid_strict_mode        = ON
# notice a primary that went away within seconds, and reconnect each
# second (CHANGE MASTER … MASTER_CONNECT_RETRY=1 in etc/stack.sh)
slave_net_timeout       = 10" | write_if_changed "$VAR/my-replica.cnf" || true
}

# --- MariaDB -----------------------------------------------------------------

# db [ARGS…]: the mariadb client as the admin account. mariadb-install-db gives
# the invoking OS user an account authenticated by the unix socket, so no
# password is stored anywhere for it.
db() { mariadb --defaults-file="$VAR/my.cnf" --batch --skip-column-names "$@"; }

db_running() { pid_alive "$(pids_of "$RUN/mysqld.pid")" mariadbd; }

# db_procs [CNF]: the pids of every mariadbd on our my.cnf (or CNF), pid file
# or not (it removes the file at the end of a shutdown, and writes it a
# while after starting). Reads /proc with builtins only: no fork per process.
db_procs() {
	local f args cnf=${1:-$VAR/my.cnf}
	for f in /proc/[0-9]*/cmdline; do
		mapfile -d '' args 2>/dev/null <"$f" || continue
		((${#args[@]})) || continue
		if [[ ${args[0]} == *mariadbd && " ${args[*]:1} " == *" --defaults-file=$cnf "* ]]; then
			f=${f#/proc/}
			echo "${f%/cmdline}"
		fi
	done
	return 0
}

db_start() {
	local pid i t0=$SECONDS
	write_my_cnf
	# running: by its pid file, or answering on our socket anyway
	if db_running || db -e 'SELECT 1' >/dev/null 2>&1; then
		db_wait
		# REPLICA=1 on a server started without it: the binary log
		# and TCP need a restart
		if ((REPLICA)) && [ "$(db -e 'SELECT @@log_bin' 2>/dev/null)" != 1 ]; then
			say "restarting mariadbd with the binary log (REPLICA=1)"
			db_stop
		else
			return 0
		fi
	fi
	server_launch ""
	db_wait "$pid"
	say "mariadbd started (pid $pid, $((SECONDS - t0))s)"
}

# server_launch SUFFIX: the primary ("") or the replica ("-replica"):
# initialises its data directory $VAR/db$SUFFIX the first time, starts
# mariadbd on $VAR/my$SUFFIX.cnf; its pid in pid.
server_launch() {
	local sfx=$1 dir=$VAR/db$1
	rm -f "$RUN/mysqld$sfx.pid" "$RUN/mysqld$sfx.sock"
	if [ ! -d "$dir/mysql" ]; then
		say "initialising MariaDB in ${dir#"$ROOT"/}"
		rm -rf "$dir.init"
		if ! mariadb-install-db --defaults-file="$VAR/my$sfx.cnf" --datadir="$dir.init" \
			--skip-test-db --skip-name-resolve >"$LOG/mariadb-install-db$sfx.log" 2>&1; then
			tail -n 30 "$LOG/mariadb-install-db$sfx.log" >&2
			die "mariadb-install-db failed (log: $LOG/mariadb-install-db$sfx.log)"
		fi
		rm -rf "$dir"
		mv "$dir.init" "$dir"
	fi
	setsid nohup mariadbd --defaults-file="$VAR/my$sfx.cnf" </dev/null >>"$LOG/mysqld$sfx.log" 2>&1 &
	pid=$!
}

# server_wait SUFFIX [PID]: until the primary ("") or the replica
# ("-replica") answers queries (up to 120s: crash recovery).
server_wait() {
	local i sfx=$1
	for ((i = 0; i < 2400; i++)); do
		mariadb --defaults-file="$VAR/my$sfx.cnf" -e 'SELECT 1' >/dev/null 2>&1 && return 0
		if [ -n "${2:-}" ] && ! pid_alive "$2" mariadbd; then
			tail -n 30 "$LOG/mysqld$sfx.log" >&2
			die "mariadbd$sfx exited (log: $LOG/mysqld$sfx.log)"
		fi
		sleep 0.05
	done
	die "mariadbd$sfx does not answer on $RUN/mysqld$sfx.sock (log: $LOG/mysqld$sfx.log)"
}

db_wait() { server_wait "" "$@"; }

db_setup() {
	local f name applied n
	db <<-SQL
		CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
		ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
		GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
		CREATE TABLE IF NOT EXISTS \`$DB_NAME\`.schema_migrations (
			name VARCHAR(128) NOT NULL PRIMARY KEY,
			applied_at DATETIME NOT NULL
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
	SQL
	applied=" $(db "$DB_NAME" -e 'SELECT name FROM schema_migrations' | tr '\n' ' ') "
	for f in sql/[0-9][0-9][0-9]_*.sql; do
		[ -f "$f" ] || continue
		name=${f#sql/}
		[[ $applied == *" $name "* ]] && continue
		say "migration $name"
		db "$DB_NAME" <"$f" || die "migration $name failed and is not recorded (DDL may be half applied: fix the file, then the db or rm -rf ${VAR#"$ROOT"/}/db)"
		db "$DB_NAME" -e "INSERT INTO schema_migrations (name, applied_at) VALUES ('$name', NOW())"
	done
	if [ -f build/regions.sql ]; then
		if n=$(db "$DB_NAME" -e 'SELECT COUNT(*) FROM regions' 2>/dev/null); then
			if [ "$n" = 0 ]; then
				say "loading build/regions.sql"
				db "$DB_NAME" <build/regions.sql || die "loading build/regions.sql failed"
			fi
		else
			say "no regions table yet: build/regions.sql not loaded"
		fi
	fi
}

db_stop() {
	# mariadbd shuts down cleanly on SIGTERM; give it time (buffer pool dump).
	stop_pids mariadbd mariadbd TERM 0 120 $(pids_of "$RUN/mysqld.pid")
	rm -f "$RUN/mysqld.pid" "$RUN/mysqld.sock"
}

# --- the read replica (REPLICA=1) ------------------------------------------------
# A second mariadbd ($VAR/db-replica, $RUN/mysqld-replica.sock, 127.0.0.1:
# REPLICA_PORT, read_only) replicating the primary by GTID over TCP as the
# user repl (password in $VAR/repl.pass). The first start seeds it with a
# consistent dump of the primary's database (mariadb-dump --single-transaction
# --master-data --gtid: the dump and the GTID position it ends at), then
# CHANGE MASTER TO … MASTER_USE_GTID=slave_pos. The app reads it for what
# may lag (db_qr, app.conf db_replica_socket); see README.md.

dbr() { mariadb --defaults-file="$VAR/my-replica.cnf" --batch --skip-column-names "$@"; }

replica_running() { pid_alive "$(pids_of "$RUN/mysqld-replica.pid")" mariadbd; }

repl_pass() {
	local p
	if [ ! -s "$VAR/repl.pass" ]; then
		p=$(random_pass)
		(umask 077; printf '%s\n' "$p" >"$VAR/repl.pass")
	fi
	cat "$VAR/repl.pass"
}

replica_wait() { server_wait -replica "$@"; }

# slave_field NAME: a field of the replica's SHOW SLAVE STATUS
slave_field() {
	mariadb --defaults-file="$VAR/my-replica.cnf" -E -e 'SHOW SLAVE STATUS' 2>/dev/null | sed -n "s/^ *$1: //p"
}

replica_setup() {
	local pass dump gtid i
	if [ -n "$(dbr -e 'SHOW SLAVE STATUS')" ]; then
		dbr -e 'START SLAVE' 2>/dev/null || true
	else
		say "seeding the replica from the primary"
		pass=$(repl_pass)
		db <<-SQL
			CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY '$pass';
			ALTER USER 'repl'@'127.0.0.1' IDENTIFIED BY '$pass';
			GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
		SQL
		dump=$VAR/tmp/replica-seed.sql
		mariadb-dump --defaults-file="$VAR/my.cnf" --single-transaction --master-data=2 --gtid \
			--routines --triggers --events --databases "$DB_NAME" >"$dump" ||
			die "mariadb-dump of the primary failed"
		gtid=$(sed -n "s/^-- SET GLOBAL gtid_slave_pos='\([0-9,-]*\)';\$/\1/p" "$dump" | head -n 1)
		dbr <"$dump" || die "loading the dump into the replica failed"
		rm -f "$dump"
		dbr <<-SQL || die "configuring the replica failed"
			CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
			ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
			GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
			GRANT SLAVE MONITOR ON *.* TO '$DB_USER'@'localhost';
			SET GLOBAL gtid_slave_pos = '$gtid';
			CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = $DB_PORT,
				MASTER_USER = 'repl', MASTER_PASSWORD = '$pass',
				MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos;
			START SLAVE;
		SQL
	fi
	for ((i = 0; i < 600; i++)); do
		[ "$(slave_field Slave_IO_Running)" = Yes ] && [ "$(slave_field Slave_SQL_Running)" = Yes ] && return 0
		sleep 0.05
	done
	die "the replica does not replicate: $(slave_field Last_IO_Error) $(slave_field Last_SQL_Error)"
}

replica_start() {
	local pid t0=$SECONDS
	write_replica_cnf
	if replica_running || dbr -e 'SELECT 1' >/dev/null 2>&1; then
		replica_wait
		replica_setup
		return 0
	fi
	server_launch -replica
	replica_wait "$pid"
	replica_setup
	say "replica started (pid $pid, $((SECONDS - t0))s; lag $(slave_field Seconds_Behind_Master)s)"
}

replica_stop() {
	stop_pids "replica mariadbd" mariadbd TERM 0 120 $(pids_of "$RUN/mysqld-replica.pid")
	rm -f "$RUN/mysqld-replica.pid" "$RUN/mysqld-replica.sock"
}

# --- App hosts -------------------------------------------------------------------
# HOSTS=2 runs every FastCGI program twice, as two app hosts would: host 1's
# sockets, pid files and stamps in $RUN, its logs in $LOG (as with one
# host); host 2's in $RUN/h2 and $LOG/h2. Each set has its own masters and
# workers; nginx has one upstream per program with both sockets (passive
# health checks: a socket that refuses is left out for fail_timeout, and
# a request not yet sent goes to the other one). Sessions, like everything
# else, live in the database, so either host serves any member. The fcgi_*
# functions below act on the host set_host chose.

HRUN=$RUN
HLOG=$LOG

# set_host N: the run and log dirs of app host N (1 or 2)
set_host() {
	if [ "$1" = 1 ]; then HRUN=$RUN; HLOG=$LOG
	else HRUN=$RUN/h$1; HLOG=$LOG/h$1; mkdir -p -m 700 "$HRUN"; mkdir -p "$HLOG"; fi
}

# --- FastCGI programs ----------------------------------------------------------
# spawn-fcgi -F 1 binds the socket once and forks the program with the socket
# on fd 0, writing its pid to the -P file; the child calls setsid(), so it
# leads its own process group. With PINTUAN_WORKERS=N the program is a
# master that forks N workers accepting on that socket, in its process group
# (prefork.h): the pid file names the master, and stopping signals the group.
# spawn-fcgi sends the child's stdout/stderr to /dev/null, hence the sh
# wrapper that reopens them on the program's log before exec'ing it (same pid).

fcgi_names() {
	local f
	for f in "$BIN"/*.fcgi; do [ -x "$f" ] && basename "$f" .fcgi; done
	return 0
}

# the program's master runs (it keeps its workers running)
fcgi_running() {
	local pids
	pids=$(pids_of "$HRUN/$1.pid")
	[[ $pids =~ ^[0-9]+$ ]] && pid_alive "$pids" "/$1.fcgi"
}

# workers_of PID: the pids of a master's children (its workers; nginx's
# worker processes for nginx_reload)
workers_of() {
	local kids=()
	read -r -a kids <"/proc/$1/task/$1/children" 2>/dev/null || true
	echo "${kids[*]}"
}

fcgi_stop() {
	stop_pids "$1.fcgi" "/$1.fcgi" TERM 1 10 $(pids_of "$HRUN/$1.pid")
	rm -f "$HRUN/$1.pid" "$HRUN/$1.sock" "$HRUN/$1.stamp"
}

fcgi_spawn() {
	local name=$1 rc=0
	echo "--- $(date '+%F %T') spawn-fcgi $BIN/$name.fcgi, $FCGI_PROCS workers" >>"$HLOG/$name.log"
	PINTUAN_WORKERS=$FCGI_PROCS spawn-fcgi -s "$HRUN/$name.sock" -M 0600 -F 1 -P "$HRUN/$name.pid" -d "$ROOT" \
		-- /bin/sh -c 'exec "$0" >>"$1" 2>&1' "$BIN/$name.fcgi" "$HLOG/$name.log" \
		>/dev/null 2>>"$HLOG/$name.log" </dev/null || rc=$?
	chmod 600 "$HRUN/$name.sock" 2>/dev/null || true
	return "$rc"
}

# fcgi_restart NAME: stop what its pid file names (if anything), record the
# stamp of what is about to run, and spawn it.
fcgi_restart() {
	if [ -e "$HRUN/$1.pid" ]; then fcgi_stop "$1"; fi
	stamp "$BIN/$1.fcgi" >"$HRUN/$1.stamp"
	fcgi_spawn "$1"
}

fcgi_start_all() {
	local name f started=() waits=() bad=() i
	# programs whose binary is gone
	for f in "$HRUN"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		case $name in mysqld | mysqld-replica | nginx | jobs | supervise) continue ;; esac
		[ -x "$BIN/$name.fcgi" ] || { say "stopping $name.fcgi (no longer in ${BIN#"$ROOT"/})"; fcgi_stop "$name"; }
	done
	for name in $(fcgi_names); do
		if fcgi_running "$name" && [ "$(stamp "$BIN/$name.fcgi")" = "$(cat "$HRUN/$name.stamp" 2>/dev/null)" ]; then
			continue
		fi
		if fcgi_running "$name"; then say "restarting $name.fcgi"; fi
		# spawn-fcgi waits 100ms after each fork: start the programs in parallel
		fcgi_restart "$name" &
		waits+=($!)
		started+=("$name")
	done
	((${#started[@]})) || return 0
	for i in "${!waits[@]}"; do
		wait "${waits[$i]}" || bad+=("${started[$i]}")
	done
	sleep 0.2
	for name in "${started[@]}"; do
		fcgi_running "$name" || [[ " ${bad[*]} " == *" $name "* ]] || bad+=("$name")
	done
	if ((${#bad[@]})); then
		for name in "${bad[@]}"; do
			printf '\n== %s\n' "$HLOG/$name.log" >&2
			tail -n 20 "$HLOG/$name.log" >&2
		done
		die "FastCGI program(s) failed to start or died at once: ${bad[*]}"
	fi
	say "FastCGI started: ${started[*]} (${FCGI_PROCS} workers each)"
}

# --- the jobs daemon -------------------------------------------------------------

jobs_stop() {
	stop_pids jobs /jobs TERM 1 30 $(pids_of "$RUN/jobs.pid")
	rm -f "$RUN/jobs.pid" "$RUN/jobs.stamp"
}

jobs_start() {
	local pid
	if [ ! -x "$BIN/jobs" ]; then
		[ -e "$RUN/jobs.pid" ] && jobs_stop
		return 0
	fi
	if pid_alive "$(pids_of "$RUN/jobs.pid")" /jobs &&
	   [ "$(stamp "$BIN/jobs")" = "$(cat "$RUN/jobs.stamp" 2>/dev/null)" ]; then
		return 0
	fi
	if [ -e "$RUN/jobs.pid" ]; then say "restarting jobs"; jobs_stop; fi
	stamp "$BIN/jobs" >"$RUN/jobs.stamp"
	echo "--- $(date '+%F %T') $BIN/jobs" >>"$LOG/jobs.log"
	setsid nohup "$BIN/jobs" </dev/null >>"$LOG/jobs.log" 2>&1 &
	pid=$!
	echo "$pid" >"$RUN/jobs.pid"
	sleep 0.1
	if ! pid_alive "$pid" /jobs; then
		tail -n 20 "$LOG/jobs.log" >&2
		die "jobs exited at once (log: $LOG/jobs.log)"
	fi
	say "jobs started (pid $pid)"
}

# --- nginx ---------------------------------------------------------------------

# The red-packet rain's grab route (POST /rp/:id/grab): requests a second
# per member (their session cookie) and overall, each with the burst
# answered at once; past them nginx answers 429 with static/err/429.json.
# A member tapping as fast as a thumb can stays well inside 5 a second
# with a burst of 10; the overall rate is what the grab program should
# serve on the host (measure it with `make bench`, rp_grab).
RP_GRAB_RATE=${RP_GRAB_RATE:-5}
RP_GRAB_BURST=${RP_GRAB_BURST:-10}
RP_GRAB_RATE_ALL=${RP_GRAB_RATE_ALL:-2000}
RP_GRAB_BURST_ALL=${RP_GRAB_BURST_ALL:-4000}

NGINX=(nginx -p "$VAR/" -e "$LOG/nginx-error.log")

nginx_running() { pid_alive "$(pids_of "$RUN/nginx.pid")" nginx; }

nginx_conf() {
	local name prefix locs="" temps="" v ups="" h names
	# route prefix → program, in DESIGN.md §9: every built program serves
	# /<name>/… (groupbuy: /gb/…); / and /member/… go to member
	for name in $(fcgi_names); do
		case $name in member) continue ;; groupbuy) prefix=gb ;; *) prefix=$name ;; esac
		if [ "$name" = rp ]; then
			# the grab is the rush route: limited per member and
			# overall (see limit_req_zone in etc/nginx.conf.in)
			locs+="        location = /$prefix { fastcgi_pass pt_$name; }
        location ^~ /$prefix/ {
            fastcgi_pass pt_$name;
            location ~ ^/rp/[0-9]+/grab\$ {
                limit_req zone=rp_member burst=$RP_GRAB_BURST nodelay;
                limit_req zone=rp_all burst=$RP_GRAB_BURST_ALL nodelay;
                limit_req_status 429;
                error_page 429 /static/err/429.json;
                error_page 502 503 504 /static/err/50x.json;
                fastcgi_pass pt_$name;
            }
        }
"
			continue
		fi
		locs+="        location = /$prefix { fastcgi_pass pt_$name; }
        location ^~ /$prefix/ { fastcgi_pass pt_$name; }
"
	done
	# one upstream per program (member always: / goes there), a server per
	# app host
	names=$(fcgi_names | tr "\n" " ")
	[[ " $names " == *" member "* ]] || names="member $names"
	for name in $names; do
		ups+="    upstream pt_$name {
"
		for ((h = 1; h <= HOSTS; h++)); do
			set_host "$h"
			ups+="        server unix:$HRUN/$name.sock max_fails=1 fail_timeout=3s;
"
		done
		ups+="    }
"
	done
	set_host 1
	# modules compiled in need their temp path under $VAR too, or nginx
	# tries to create it in /var/lib/nginx
	v=$(nginx -V 2>&1)
	for name in proxy uwsgi scgi; do
		[[ $v == *"--without-http_${name}_module"* ]] && continue
		temps+="    ${name}_temp_path $VAR/tmp/nginx/$name;
"
	done
	T_USER_DIRECTIVE=$( ((IS_ROOT)) && echo "user root root;  # started as root: workers run as root too (see etc/stack.sh)" || echo "# user: not root, so workers run as $ME") \
	T_RP_GRAB_RATE=$RP_GRAB_RATE T_RP_GRAB_RATE_ALL=$RP_GRAB_RATE_ALL \
	T_RUN=$RUN T_LOG=$LOG T_VAR=$VAR T_ROOT=$ROOT T_PORT=$PORT \
	T_TEMP_PATHS=${temps%$'\n'} T_APP_LOCATIONS=${locs%$'\n'} T_UPSTREAMS=${ups%$'\n'} \
		fill etc/nginx.conf.in
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

nginx_start() {
	local i
	mkdir -p "$VAR"/tmp/nginx/{body,fastcgi,proxy,uwsgi,scgi}
	nginx_conf >"$VAR/nginx.conf.new"
	if ! "${NGINX[@]}" -q -t -c "$VAR/nginx.conf.new"; then
		die "nginx rejects the generated config $VAR/nginx.conf.new"
	fi
	if nginx_running; then
		if cmp -s "$VAR/nginx.conf.new" "$VAR/nginx.conf"; then
			rm -f "$VAR/nginx.conf.new"
			return 0
		fi
		mv -f "$VAR/nginx.conf.new" "$VAR/nginx.conf"
		nginx_reload
	else
		mv -f "$VAR/nginx.conf.new" "$VAR/nginx.conf"
		rm -f "$RUN/nginx.pid"
		if ! "${NGINX[@]}" -c "$VAR/nginx.conf" </dev/null >>"$LOG/nginx-error.log" 2>&1; then
			tail -n 20 "$LOG/nginx-error.log" >&2
			die "nginx failed to start (log: $LOG/nginx-error.log)"
		fi
		say "nginx started"
	fi
	for ((i = 0; i < 200; i++)); do
		port_open && [ -s "$RUN/nginx.pid" ] && return 0
		sleep 0.05
	done
	tail -n 20 "$LOG/nginx-error.log" >&2
	die "nginx does not listen on 127.0.0.1:$PORT (log: $LOG/nginx-error.log)"
}

# nginx_reload: SIGHUP, then wait until the old workers are gone, so the new
# configuration serves by the time start returns.
nginx_reload() {
	local master old=() pid i left
	master=$(pids_of "$RUN/nginx.pid")
	read -r -a old <<<"$(workers_of "$master")" || true
	kill -HUP "$master"
	for ((i = 0; i < 200; i++)); do
		left=0
		for pid in "${old[@]}"; do pid_alive "$pid" nginx && left=1; done
		if ((!left)); then say "nginx reloaded"; return 0; fi
		sleep 0.05
	done
	tail -n 20 "$LOG/nginx-error.log" >&2
	die "nginx did not take the new configuration (log: $LOG/nginx-error.log)"
}

nginx_stop() {
	stop_pids nginx nginx TERM 0 20 $(pids_of "$RUN/nginx.pid")
	rm -f "$RUN/nginx.pid"
}

# --- the supervisor ----------------------------------------------------------------
# `stack.sh supervise` runs in its own session (pid in $RUN/supervise.pid, log
# $LOG/supervise.log) with the VAR, BIN, PORT and FCGI_PROCS of the start that
# ran it; every second it starts again what is not running. A worker that
# dies is its master's business; everything else comes back from here.

SUP_WORD="stack.sh supervise"

sup_running() { pid_alive "$(pids_of "$RUN/supervise.pid")" "$SUP_WORD"; }

sup_stop() {
	stop_pids supervisor "$SUP_WORD" TERM 1 10 $(pids_of "$RUN/supervise.pid")
	rm -f "$RUN/supervise.pid"
}

sup_start() {
	local pid
	sup_running && return 0
	VAR=$VAR BIN=$BIN PORT=$PORT FCGI_PROCS=$FCGI_PROCS REPLICA=$REPLICA HOSTS=$HOSTS \
	DB_PORT=$DB_PORT REPLICA_PORT=$REPLICA_PORT \
		setsid nohup "$ROOT/etc/stack.sh" supervise </dev/null >>"$LOG/supervise.log" 2>&1 &
	pid=$!
	echo "$pid" >"$RUN/supervise.pid"
	say "supervisor started (pid $pid)"
}

# sup_say MSG: a log line with the time
sup_say() { say "$(date '+%F %T') $*"; }

# sup_round: one check; starts what is down. Runs in a subshell, so a die
# (mariadbd failing to come up, a socket still held) ends only this round.
# mariadbd comes last: db_start may wait up to 120s (crash recovery), and
# the programs, jobs and nginx start without it (the programs and jobs
# connect when they need it). Those run in a subshell of their own, so one
# that fails to start does not keep mariadbd down.
sup_round() {
	local pids rc=0
	(sup_round_programs) || rc=1
	if ! db_running; then
		pids=$(db_procs)
		if [ -n "$pids" ]; then
			: # starting or shutting down: look again next round
		else
			sup_say "mariadbd is not running: starting it"
			db_start
		fi
	fi
	if ((REPLICA)) && ! replica_running && [ -z "$(db_procs "$VAR/my-replica.cnf")" ]; then
		sup_say "the replica's mariadbd is not running: starting it"
		(replica_start) || rc=1
	fi
	return "$rc"
}

# sup_round_programs: sup_round's part for the FastCGI masters, jobs and
# nginx.
sup_round_programs() {
	local name h
	for ((h = 1; h <= HOSTS; h++)); do
		set_host "$h"
		for name in $(fcgi_names); do
			fcgi_running "$name" && continue
			sup_say "$name.fcgi (host $h) is not running: starting it"
			fcgi_restart "$name" || die "spawn-fcgi $name.fcgi failed (log: $HLOG/$name.log)"
		done
	done
	set_host 1
	if [ -x "$BIN/jobs" ] && ! pid_alive "$(pids_of "$RUN/jobs.pid")" /jobs; then
		sup_say "jobs is not running: starting it"
		jobs_start
	fi
	if ! nginx_running; then
		sup_say "nginx is not running: starting it"
		nginx_start
	fi
}

cmd_supervise() {
	local stopping=0
	trap 'stopping=1' TERM INT
	sup_say "supervisor $$ watching ${VAR#"$ROOT"/}"
	while ((!stopping)); do
		sleep 1 &
		wait $! || true
		((stopping)) && break
		[ -d "$RUN" ] || break
		(sup_round) || sup_say "that round failed; trying again in 1s"
	done
	sup_say "supervisor $$ stops"
}

# --- commands ------------------------------------------------------------------

# hosts_stop_all: every program of the current host (set_host)
hosts_stop_all() {
	local f name
	[ -d "$HRUN" ] || return 0
	for f in "$HRUN"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		case $name in mysqld | mysqld-replica | nginx | jobs | supervise) continue ;; esac
		fcgi_stop "$name"
	done
}

cmd_start() {
	local t0=$SECONDS h
	[[ $PORT =~ ^[0-9]+$ ]] || die "PORT=$PORT is not a port number"
	for c in mariadbd mariadb-install-db mariadb spawn-fcgi nginx setsid; do
		command -v "$c" >/dev/null || die "$c not found: run make deps"
	done
	mkdir -p "$VAR" "$LOG" "$VAR/tmp" "$VAR/uploads"
	mkdir -p -m 700 "$RUN"
	if [ "$RUN" != "$VAR/run" ]; then
		[ -L "$VAR/run" ] || rm -rf "$VAR/run"
		ln -sfn "$RUN" "$VAR/run"
	fi
	if [ ! -e "$BIN/member.fcgi" ]; then say "warning: no $BIN/member.fcgi: / answers 502"; fi
	sup_stop
	write_app_conf
	db_start
	db_setup
	if ((REPLICA)); then replica_start
	elif [ -e "$RUN/mysqld-replica.pid" ]; then replica_stop; fi
	for ((h = 1; h <= HOSTS; h++)); do
		set_host "$h"
		fcgi_start_all
	done
	# fewer hosts than last time: stop the others'
	for ((h = HOSTS + 1; h <= 2; h++)); do
		set_host "$h"
		hosts_stop_all
	done
	set_host 1
	jobs_start
	nginx_start
	sup_start
	say "up on http://127.0.0.1:$PORT ($((SECONDS - t0))s; state in ${VAR#"$ROOT"/})"
}

cmd_stop() {
	local h
	[ -d "$RUN" ] || return 0
	sup_stop
	nginx_stop
	jobs_stop
	for h in 1 2; do
		set_host "$h"
		hosts_stop_all
	done
	set_host 1
	replica_stop
	db_stop
	rm -f "$RUN"/*.sock "$RUN"/*.stamp
	say "stopped (${VAR#"$ROOT"/})"
}

cmd_status() {
	local f name master workers n want down=0 h
	line() { printf '  %-14s %s\n' "$1" "$2"; }
	echo "Pintuan stack in $VAR"
	if db_running; then line mariadbd "running  pid $(pids_of "$RUN/mysqld.pid")  socket $RUN/mysqld.sock"
	else line mariadbd "stopped"; down=1; fi
	if replica_running; then
		line replica "running  pid $(pids_of "$RUN/mysqld-replica.pid")  IO $(slave_field Slave_IO_Running), SQL $(slave_field Slave_SQL_Running), $(slave_field Seconds_Behind_Master)s behind"
	elif ((REPLICA)); then line replica "stopped"; down=1; fi
	for h in 1 2; do
	set_host "$h"
	[ -d "$HRUN" ] || continue
	for f in "$HRUN"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		case $name in mysqld | mysqld-replica | nginx | jobs | supervise) continue ;; esac
		master=$(pids_of "$f")
		want=$(sed -n 's/^procs //p' "$HRUN/$name.stamp" 2>/dev/null)
		if ((h > 1)); then name="$name@h$h"; fi
		if fcgi_running "${name%@*}"; then
			workers=$(workers_of "$master")
			n=$(wc -w <<<"$workers")
			line "$name" "running  master $master, $n of ${want:-?} workers  pids $workers"
			((n)) || down=1
		else
			line "$name" "stopped  (master ${master:-?} gone)"
			down=1
		fi
	done
	done
	set_host 1
	if pid_alive "$(pids_of "$RUN/jobs.pid")" /jobs; then line jobs "running  pid $(pids_of "$RUN/jobs.pid")"
	else line jobs "stopped"; down=1; fi
	if nginx_running; then line nginx "running  pid $(pids_of "$RUN/nginx.pid")  $(conf_get base_url)"
	else line nginx "stopped"; down=1; fi
	if sup_running; then line supervisor "running  pid $(pids_of "$RUN/supervise.pid")  log $LOG/supervise.log"
	else line supervisor "stopped  (nothing restarts what dies)"; down=1; fi
	return $((down ? 3 : 0))
}

cmd_banner() {
	local url
	url=$(conf_get base_url)
	url=${url:-http://127.0.0.1:$PORT}
	echo
	echo "  Pintuan is running: $url/"
	echo "  back office:        $url/admin/"
	echo
	if [ -x "$BIN/ctl" ]; then
		"$BIN/ctl" demo-logins || echo "  (ctl demo-logins failed)"
	else
		echo "  (no $BIN/ctl yet: it prints the admin and demo logins once built)"
	fi
	echo
	echo "  logs: ${LOG#"$ROOT"/}/   stop: make stop"
	echo
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
banner) cmd_banner ;;
rundir) printf '%s\n' "$RUN" ;;
supervise) cmd_supervise ;;
*) echo "usage: [VAR=var] [BIN=build] [PORT=8080] $0 start|stop|status|banner|rundir" >&2; exit 2 ;;
esac
