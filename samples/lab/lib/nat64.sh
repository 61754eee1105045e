# NAT64 with tayga (stateless user-space translator on a tun device, with a dynamic IPv4 pool so
# that it behaves as a NAT64 towards IPv6-only clients). Two translators serve the lab's one prefix:
#   coexist-gw   everything (the gateway routes the prefix to its tun);
#   coexist-mtu  the MTU servers only: the gateway routes their embedded addresses (a /126) there,
#                so that translated traffic crosses the MTU-1280 hop on its IPv6 side, as it would
#                with a translator in front of the servers' network.
# shellcheck shell=bash

NAT64_DIR="$RUN_DIR/nat64"
MTU_NAT64_DIR="$RUN_DIR/nat64-mtu"

start_tayga() {   # namespace, directory, IPv4 address, IPv6 address, pool
  local ns=$1 dir=$2
  mkdir -p "$dir"
  cat > "$dir/tayga.conf" <<CONF
tun-device $NAT64_TUN
ipv4-addr $3
ipv6-addr $4
prefix $NAT64_PREFIX
dynamic-pool $5
data-dir $dir
CONF
  rm -f "$dir/dynamic.map"
  in_ns "$ns" tayga -c "$dir/tayga.conf" --mktun > "$dir/mktun.log" 2>&1 ||
    die "tayga --mktun in $ns failed: $(cat "$dir/mktun.log")"
  ip -n "$ns" link set "$NAT64_TUN" up
  # tayga's IPv4 address is tayga's, routed to it, not an address of the namespace's kernel: tayga
  # sends ICMPv4 errors from it (fragmentation needed, translated from Packet Too Big), and the
  # kernel drops packets that arrive with one of its own addresses as source (martians).
  ip -n "$ns" route add "$3" dev "$NAT64_TUN"
  ip -n "$ns" route add "$5" dev "$NAT64_TUN"
  ip -n "$ns" -6 route add "$NAT64_PREFIX" dev "$NAT64_TUN"
  in_ns "$ns" tayga -c "$dir/tayga.conf" -p "$dir/tayga.pid" > "$dir/tayga.log" 2>&1 ||
    die "tayga in $ns did not start: $(cat "$dir/tayga.log")"
}

nat64_up() {
  start_tayga "$GW_NS" "$NAT64_DIR" "$TAYGA_V4" "$TAYGA_V6" "$NAT64_POOL"
  start_tayga "$(ns_of mtu)" "$MTU_NAT64_DIR" "$MTU_TAYGA_V4" "$MTU_TAYGA_V6" "$MTU_NAT64_POOL"
  ip -n "$GW_NS" -6 route add "$(nat64_embed "${MTU_V4_SERVERS%/*}" "${MTU_V4_SERVERS#*/}")" \
    via "$(link_v6 "${LINK_INDEX[mtu]}" 2)"
}

DAEMONS+=("$NAT64_DIR/tayga.pid /usr/sbin/tayga" "$MTU_NAT64_DIR/tayga.pid /usr/sbin/tayga")
