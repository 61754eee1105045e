# NAT64 with tayga in the gateway namespace (stateless user-space translator on a tun device,
# with a dynamic IPv4 pool so that it behaves as a NAT64 towards IPv6-only clients).
# shellcheck shell=bash

NAT64_DIR="$RUN_DIR/nat64"

nat64_up() {
  mkdir -p "$NAT64_DIR"
  cat > "$NAT64_DIR/tayga.conf" <<CONF
tun-device $NAT64_TUN
ipv4-addr $TAYGA_V4
ipv6-addr $TAYGA_V6
prefix $NAT64_PREFIX
dynamic-pool $NAT64_POOL
data-dir $NAT64_DIR
CONF
  rm -f "$NAT64_DIR/dynamic.map"
  in_ns "$GW_NS" tayga -c "$NAT64_DIR/tayga.conf" --mktun > "$NAT64_DIR/mktun.log" 2>&1 ||
    die "tayga --mktun failed: $(cat "$NAT64_DIR/mktun.log")"
  ip -n "$GW_NS" link set "$NAT64_TUN" up
  ip -n "$GW_NS" addr add "$TAYGA_V4" dev "$NAT64_TUN"
  ip -n "$GW_NS" route add "$NAT64_POOL" dev "$NAT64_TUN"
  ip -n "$GW_NS" -6 route add "$NAT64_PREFIX" dev "$NAT64_TUN"
  in_ns "$GW_NS" tayga -c "$NAT64_DIR/tayga.conf" -p "$NAT64_DIR/tayga.pid" > "$NAT64_DIR/tayga.log" 2>&1 ||
    die "tayga did not start: $(cat "$NAT64_DIR/tayga.log")"
}

DAEMONS+=("$NAT64_DIR/tayga.pid /usr/sbin/tayga")
