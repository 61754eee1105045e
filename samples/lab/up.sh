#!/usr/bin/env bash
# Brings the lab up: namespaces, NAT64, SIIT, DNS, web, mail, SIP, MTU and iperf3 servers, then writes
# run/lab.json. Idempotent: a lab that is already up (same scripts, every daemon alive) is left as
# it is; anything else (a crashed run, older scripts) is torn down first. Needs root.
# First, always, the preflight (lib/preflight.sh): if any prefix the lab would route overlaps an
# address, route, gateway, name server or package registry of the host, nothing is touched and
# up.sh exits with 3 and a one-line reason.
#
# usage: up.sh [--hold PID]     --hold records PID as a user of the lab (see down.sh --release)
#        up.sh --check          the preflight only (no root needed, nothing changed); exit 0 or 3
set -euo pipefail
. "$(dirname "$0")/lib/lab.sh"

holder=""
case ${1:-} in
  --hold) holder=${2:?--hold needs a process id} ;;
  --check) reason=$(preflight) || refuse "$reason"; log "preflight passed"; exit 0 ;;
  "") ;;
  *) die "usage: up.sh [--hold PID] | up.sh --check" ;;
esac

require_root
reason=$(preflight) || refuse "$reason"
# shellcheck disable=SC2086
require_binaries $LAB_BINARIES
take_lock

if lab_is_up; then
  log "already up ($LAB_JSON)"
else
  started=${EPOCHREALTIME/./}
  lab_teardown
  # A failure half-way leaves nothing behind (LAB_KEEP_ON_FAILURE=1 keeps it for a look).
  trap 'status=$?; [ $status -ne 0 ] && [ "${LAB_KEEP_ON_FAILURE:-0}" != 1 ] && { log "up failed; tearing down"; lab_teardown; }; exit $status' EXIT
  topology_up
  nat64_up
  siit_up
  tls_up
  dns_up
  resolver_up
  web_up
  mail_up
  sip_up
  mtu_up
  bench_up
  dns_wait; resolver_wait; web_wait; mail_wait; sip_wait; mtu_wait; bench_wait
  describe > "$LAB_JSON.tmp" && mv "$LAB_JSON.tmp" "$LAB_JSON"
  inventory > "$RUN_DIR/coexist.yaml"
  scripts_fingerprint > "$FINGERPRINT_FILE"
  trap - EXIT
  elapsed_ms=$(( (${EPOCHREALTIME/./} - started) / 1000 ))
  log "up in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s ($LAB_JSON)"
fi
[ -n "$holder" ] && hold "$holder"
exit 0
