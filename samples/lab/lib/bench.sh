# iperf3 servers and ICMP echo targets, one per path from the root namespace:
#   v4     routed IPv4        BENCH_V4          in coexist-bench
#   v6     routed IPv6        BENCH_V6          in coexist-bench
#   nat64  through tayga      the NAT64 prefix + BENCH_NAT64_V4 (an IPv4-only address of coexist-bench)
#   siit   through SIIT       SIIT_SERVER_V4, mapped to SIIT_SERVER_V6 in coexist-v6only (IPv6 only)
# ping measures the same paths: the servers' kernels answer echo on every one of these addresses.
# shellcheck shell=bash

BENCH_DIR="$RUN_DIR/bench"
BENCH_PATHS="v4 v6 nat64 siit"

bench_server_address() {   # path: the address the iperf3 server of that path listens on
  case $1 in v4) echo "$BENCH_V4" ;; v6) echo "$BENCH_V6" ;; nat64) echo "$BENCH_NAT64_V4" ;; siit) echo "$SIIT_SERVER_V6" ;; esac
}

bench_client_address() {   # path: the address a client in the root namespace connects to
  case $1 in nat64) nat64_embed "$BENCH_NAT64_V4" ;; siit) echo "$SIIT_SERVER_V4" ;; *) bench_server_address "$1" ;; esac
}

bench_role() {   # path: the namespace role its server runs in
  case $1 in siit) echo v6only ;; *) echo bench ;; esac
}

bench_up() {
  local path
  mkdir -p "$BENCH_DIR"
  for path in $BENCH_PATHS; do
    rm -f "$BENCH_DIR/iperf3-$path.log"
    in_ns "$(ns_of "$(bench_role "$path")")" iperf3 --server --daemon --bind "$(bench_server_address "$path")" --port "$BENCH_PORT" \
      --pidfile "$BENCH_DIR/iperf3-$path.pid" --logfile "$BENCH_DIR/iperf3-$path.log" --forceflush < /dev/null ||
      die "iperf3 for the $path path did not start: $(cat "$BENCH_DIR/iperf3-$path.log" 2>/dev/null)"
  done
}

bench_wait() {
  local path
  for path in $BENCH_PATHS; do
    wait_listening "$(ns_of "$(bench_role "$path")")" tcp "$(bench_server_address "$path")" "$BENCH_PORT" "iperf3 ($path)"
  done
}

for _path in $BENCH_PATHS; do DAEMONS+=("$BENCH_DIR/iperf3-$_path.pid /usr/bin/iperf3"); done
unset _path
