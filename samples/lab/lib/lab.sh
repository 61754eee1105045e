# Sources every part of the lab and holds its life cycle: health check, holders, tear-down.
# shellcheck shell=bash source-path=SCRIPTDIR

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DAEMONS=()   # "PIDFILE EXECUTABLE", appended by each server's file in start order
# shellcheck source=common.sh
. "$LIB_DIR/common.sh"
for part in addresses preflight topology nat64 siit tls dns resolver web mail sip mtu bench describe; do
  # shellcheck disable=SC1090
  . "$LIB_DIR/$part.sh"
done
unset part

LAB_BINARIES="ip nft ss flock sha256sum jq timeout getent tayga named dnssec-keygen dnssec-signzone arpaname nginx postfix kamailio iperf3 openssl"

daemon_pid() { live_pid "${1% *}" "${1#* }"; }   # "PIDFILE EXECUTABLE"

# Up means: built by these very scripts, every namespace there, every daemon alive.
lab_is_up() {
  local d role
  [ -f "$LAB_JSON" ] && [ "$(cat "$FINGERPRINT_FILE" 2>/dev/null)" = "$(scripts_fingerprint)" ] || return 1
  ip netns list | grep -q "^$GW_NS\b" || return 1
  for role in $ROLES; do
    [ "$role" = host ] && continue
    ip netns list | grep -q "^$(ns_of "$role")\b" || return 1
  done
  ip link show "$HOST_IF" > /dev/null 2>&1 || return 1
  for d in "${DAEMONS[@]}"; do daemon_pid "$d" > /dev/null || return 1; done
}

# Tears down in reverse: daemons by their pid files (all at once: kamailio takes 2 s to stop),
# then whatever still runs inside a lab namespace (left by a crashed run that lost its pid files),
# then links and namespaces.
lab_teardown() {
  local d ns pids=()
  for d in "${DAEMONS[@]}"; do pids+=($(daemon_pid "$d")) || true; rm -f "${d% *}"; done
  stop_pids "${pids[@]}"
  for ns in $(lab_namespaces); do
    pids=($(ip netns pids "$ns" 2>/dev/null))
    [ ${#pids[@]} -gt 0 ] && log "stopping leftover processes in $ns: ${pids[*]}"
    stop_pids "${pids[@]}"
  done
  ip link del "$HOST_IF" 2>/dev/null || true
  for ns in $(lab_namespaces); do ip netns del "$ns"; done
  rm -rf /etc/netns/"$NS_PREFIX"*
  rm -f "$LAB_JSON" "$FINGERPRINT_FILE" "$RUN_DIR/coexist.yaml"
}

# Holders: processes using the lab (test runs). down.sh --release tears down after the last one.
hold() { mkdir -p "$HOLDERS_DIR"; : > "$HOLDERS_DIR/$1"; }
live_holders() {
  local file
  for file in "$HOLDERS_DIR"/*; do
    [ -e "$file" ] || continue
    if kill -0 "$(basename "$file")" 2>/dev/null; then basename "$file"; else rm -f "$file"; fi
  done
}

take_lock() {
  mkdir -p "$RUN_DIR"
  exec 9> "$LOCK_FILE"
  flock -w 120 9 || die "another up.sh or down.sh has held $LOCK_FILE for 2 minutes"
}
