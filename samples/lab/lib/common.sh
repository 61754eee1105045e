# Shared helpers for the lab scripts. Sourced, never run.
# shellcheck shell=bash

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The lab is one per machine (namespaces, routes), so its state is too: every checkout that runs the
# lab shares this folder, and a lab built by identical scripts from another checkout is reused.
RUN_DIR="${COEXIST_LAB_RUN_DIR:-/run/coexist-lab}"
LAB_JSON="$RUN_DIR/lab.json"
LOCK_FILE="$RUN_DIR/.lock"
HOLDERS_DIR="$RUN_DIR/holders"
FINGERPRINT_FILE="$RUN_DIR/fingerprint"
# Every namespace the lab owns starts with this; down.sh removes all of them, even from a crashed run.
NS_PREFIX=coexist-

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }
# The preflight's refusal: its own exit code, so that callers can tell "not here" from "broken".
PREFLIGHT_REFUSED=3
refuse() { printf 'lab: %s\n' "$*" >&2; exit "$PREFLIGHT_REFUSED"; }

# fd 9 is the lab lock: daemons must not inherit it, or the lock lives as long as they do.
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@" 9>&-; }

# A fingerprint of the scripts themselves: a lab started by older scripts is rebuilt, not reused.
scripts_fingerprint() {
  cat "$LAB_DIR"/up.sh "$LAB_DIR"/down.sh "$LAB_DIR"/lib/*.sh | sha256sum | cut -d' ' -f1
}

# An address as it goes before :PORT: IPv6 in brackets (RFC 3986 section 3.2.2).
host_port_form() { case $1 in *:*) echo "[$1]" ;; *) echo "$1" ;; esac; }

# Waits until something listens on ADDR:PORT (tcp or udp) inside NS; daemons fork before they bind.
wait_listening() {
  local ns=$1 proto=$2 addr port=$4 what=$5 tries=100 flag=-ltnH
  addr=$(host_port_form "$3")
  [ "$proto" = udp ] && flag=-lunH
  while [ $tries -gt 0 ]; do
    in_ns "$ns" ss $flag "src $addr:$port" 2>/dev/null | grep -q . && return 0
    sleep 0.1
    tries=$((tries - 1))
  done
  die "$what is not listening on $proto $addr:$port in $ns after 10 s (see its log under $RUN_DIR)"
}

# The pid in FILE if that pid still runs the EXPECTED binary: a stale pid file after a reboot
# must never make us signal an unrelated process.
live_pid() {
  local file=$1 expected=$2 pid
  [ -f "$file" ] && pid=$(tr -dc '0-9' < "$file") && [ -n "$pid" ] &&
    [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$expected" ] && echo "$pid"
}

# Sends TERM to every pid given, waits up to 5 s for all of them together, then KILLs the rest.
stop_pids() {
  local tries=50 pid alive
  [ $# -eq 0 ] && return 0
  kill -TERM "$@" 2>/dev/null || true
  while [ $tries -gt 0 ]; do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1; tries=$((tries - 1))
  done
  kill -KILL "$@" 2>/dev/null || true
}

lab_namespaces() { ip netns list | awk '{print $1}' | grep "^$NS_PREFIX" || true; }

require_root() { [ "$(id -u)" -eq 0 ] || die "the lab needs root (network namespaces, veth, nftables)"; }

require_binaries() {
  local missing=() b
  for b in "$@"; do command -v "$b" > /dev/null 2>&1 || missing+=("$b"); done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}: run scripts/install-prerequisites.sh as root"
}
