#!/usr/bin/env bash
# etc/deps.sh — install what Pintuan needs and is missing: Debian packages
# (apt-get, through sudo when not root) and the npm packages of static/ and
# tests/ (npm ci). When everything is present it only asks dpkg and compares
# a few file times, so `make run` and `make test` can call it every time.
set -euo pipefail
export LC_ALL=C
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
cd "$(dirname "$0")/.."

PKGS=(
	build-essential pkg-config clang libclang-rt-14-dev
	mariadb-server mariadb-client libmariadb-dev
	libfcgi-dev spawn-fcgi nginx-light
	libjson-c-dev liburiparser-dev libsodium-dev libqrencode-dev libcmocka-dev
	libssl-dev libmagic-dev libgd-dev fonts-wqy-microhei
	chromium fonts-wqy-microhei wrk
)
# node may come from elsewhere (nodesource, nvm): only install Debian's when
# either command is missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	PKGS+=(nodejs npm)
fi

# One dpkg-query for all of them; a package never heard of prints nothing.
installed=" $(dpkg-query -W -f='${Package}=${db:Status-Abbrev} ' "${PKGS[@]}" 2>/dev/null || true) "
missing=()
for p in "${PKGS[@]}"; do
	case $p in
	# Any nginx flavour will do (nginx-core, nginx-full …): installing
	# nginx-light over one of them would remove it.
	nginx-light) command -v nginx >/dev/null 2>&1 && continue ;;
	esac
	[[ $installed == *" $p=ii "* ]] || missing+=("$p")
done

if ((${#missing[@]})); then
	echo "deps: installing Debian packages: ${missing[*]}"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=()
	elif command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
	else
		echo "deps: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
		exit 1
	fi
	APT=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q
	     -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
	"${SUDO[@]}" "${APT[@]}" update
	"${SUDO[@]}" "${APT[@]}" install "${missing[@]}"
fi

# npm ci DIR: when DIR has a package.json and its node_modules is missing or
# older than package.json / package-lock.json.
npm_ci() {
	local dir=$1 stamp=$1/node_modules/.package-lock.json
	[ -f "$dir/package.json" ] || return 0
	if [ ! -f "$dir/package-lock.json" ]; then
		echo "deps: $dir/package-lock.json is missing; creating it with npm install (commit it)"
		(cd "$dir" && npm install --no-audit --no-fund --update-notifier=false --loglevel=error)
		touch "$stamp"
		return 0
	fi
	if [ ! -e "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ] ||
	   [ "$dir/package.json" -nt "$stamp" ]; then
		echo "deps: npm ci in $dir/"
		(cd "$dir" && npm ci --no-audit --no-fund --update-notifier=false --loglevel=error)
		touch "$stamp"
	fi
}

# playwright-core never downloads a browser; the tests drive /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm_ci static
npm_ci tests
