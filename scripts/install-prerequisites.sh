#!/usr/bin/env bash
# Installs what Coexist's tests and the sample's lab need from Debian's packages.
# Idempotent: packages already present are not fetched again. Needs root (CI runs as root).
set -euo pipefail

packages=(
  # network-namespace lab (samples/lab): nftables for its firewalled cases, jq for its inventory, curl for its smoke tests
  iproute2 iputils-ping iperf3 procps nftables curl util-linux jq
  # real servers the probes are tested against
  bind9 bind9-utils dnsutils unbound tayga nginx-light postfix kamailio
  # schema scanner against a real database
  postgresql sqlite3
  # browser test of the HTML report
  chromium
  # test CA for the lab's TLS
  openssl ca-certificates
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites: all ${#packages[@]} Debian packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "prerequisites: missing ${missing[*]}; run as root (sudo) to install them" >&2
  exit 2
fi

echo "prerequisites: installing ${missing[*]}"
# Installing bind9, nginx, postfix or kamailio must not start system daemons:
# the lab starts its own instances inside network namespaces.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/coexist-apt.log 2>&1 || {
  tail -n 40 /tmp/coexist-apt.log >&2
  exit 1
}
echo "prerequisites: installed"
