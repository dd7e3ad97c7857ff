#!/bin/sh
# vendor.sh: copies the front-end dist files the pages use from
# static/node_modules (installed by `npm ci` from static/package-lock.json)
# into static/vendor/, which is built, git-ignored and never edited.
# Run from the repository root. A file is copied only when the installed
# one is newer or differs in size, so an up-to-date tree costs a few stats.
set -eu

src=static/node_modules
dst=static/vendor

if [ ! -d "$src" ]; then
	echo "vendor.sh: $src is missing; run 'cd static && npm ci' first" >&2
	exit 1
fi
mkdir -p "$dst" "$dst/noble-hashes"

# size FILE: its size in bytes.
size() {
	wc -c < "$1" | tr -d ' '
}

# copy FROM NAME: static/node_modules/FROM → static/vendor/NAME.
copy() {
	from=$src/$1
	to=$dst/$2
	if [ ! -f "$from" ]; then
		echo "vendor.sh: $from is missing (package layout changed?)" >&2
		exit 1
	fi
	if [ -f "$to" ] && [ ! "$from" -nt "$to" ] &&
	    [ "$(size "$from")" = "$(size "$to")" ]; then
		return 0
	fi
	cp "$from" "$to.tmp.$$"
	mv -f "$to.tmp.$$" "$to"
	echo "vendor: $2"
}

copy weui/dist/style/weui.min.css		weui.min.css
copy htmx.org/dist/htmx.min.js			htmx.min.js
copy bootstrap/dist/css/bootstrap.min.css	bootstrap.min.css
copy bootstrap/dist/js/bootstrap.bundle.min.js	bootstrap.bundle.min.js
copy echarts/dist/echarts.min.js		echarts.min.js

# SHA-256 and HMAC for the draw verifier (static/js/gb-verify.js): the ES
# modules sha2.js and hmac.js and the modules they import, side by side so
# their relative imports resolve; loaded with <script type="module">.
for f in sha2.js hmac.js _md.js _u64.js utils.js LICENSE; do
	copy "@noble/hashes/$f"				"noble-hashes/$f"
done
