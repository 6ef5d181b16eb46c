#!/bin/sh
# Install the Debian packages narvik needs to build (and, with "test", to run
# its tests). As root it runs apt-get itself; otherwise it says what to run.
set -eu

BUILD_PKGS="make gcc pkg-config libncurses-dev libcurl4-openssl-dev libcjson-dev libssh2-1-dev libinih-dev"
TEST_PKGS="libcmocka-dev tmux clang python3 locales openssl"

want="$BUILD_PKGS"
[ "${1:-}" = "test" ] && want="$want $TEST_PKGS"

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "narvik: missing Debian packages:$missing" >&2
	echo "narvik: run as root:  apt-get install -y$missing" >&2
	exit 1
fi
echo "narvik: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt_opts="-o DPkg::Lock::Timeout=600 -y --no-install-recommends"
# shellcheck disable=SC2086
apt-get $apt_opts install $missing >/dev/null 2>&1 || {
	apt-get -o DPkg::Lock::Timeout=600 update >/dev/null
	# shellcheck disable=SC2086
	apt-get $apt_opts install $missing
}
