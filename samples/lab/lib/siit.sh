# SIIT: stateless 1:1 translation with explicit address mappings (RFC 7915, RFC 7757), the map646
# design of CONTEXT.md, with a third tayga in the gateway namespace (tun "siit"). IPv4 clients reach
#   SIIT_SERVER_V4 -> SIIT_SERVER_V6   the IPv6-only bench server in coexist-v6only (iperf3, ping)
#   SIIT_MTU_BH_V4 -> MTU_BH_V6        mtu-blackhole, across the MTU-1280 hop on its IPv6 side
#   SIIT_MTU_OK_V4 -> MTU_OK_V6        mtu-ptb-ok, the same hop with Packet Too Big passed
# and the servers see them as SIIT_PREFIX + their IPv4 address (RFC 6052). Unlike the NAT64 tayga
# there is no dynamic pool: every address maps by rule, nothing by state, so any number of
# translators could serve the same map (CONTEXT.md: "no session state, so translators scale out").
# shellcheck shell=bash

SIIT_DIR="$RUN_DIR/siit"

siit_up() {
  local v4 v6
  mkdir -p "$SIIT_DIR"
  {
    echo "tun-device $SIIT_TUN"
    echo "ipv4-addr $SIIT_TAYGA_V4"
    echo "ipv6-addr $SIIT_TAYGA_V6"
    echo "prefix $SIIT_PREFIX"
    while read -r v4 v6; do echo "map $v4 $v6"; done < <(siit_mappings)
    echo "data-dir $SIIT_DIR"
  } > "$SIIT_DIR/tayga.conf"
  in_ns "$GW_NS" tayga -c "$SIIT_DIR/tayga.conf" --mktun > "$SIIT_DIR/mktun.log" 2>&1 ||
    die "tayga --mktun for SIIT failed: $(cat "$SIIT_DIR/mktun.log")"
  ip -n "$GW_NS" link set "$SIIT_TUN" up
  # The mapped IPv4 addresses and tayga's own go to the translator (tayga's own for the same reason
  # as NAT64's: it is tayga's source for ICMPv4 errors, not an address of the kernel); replies to
  # IPv4 clients, which servers address inside SIIT_PREFIX, too.
  ip -n "$GW_NS" route add "$SIIT_V4" dev "$SIIT_TUN"
  ip -n "$GW_NS" -6 route add "$SIIT_PREFIX" dev "$SIIT_TUN"
  in_ns "$GW_NS" tayga -c "$SIIT_DIR/tayga.conf" -p "$SIIT_DIR/tayga.pid" > "$SIIT_DIR/tayga.log" 2>&1 ||
    die "tayga for SIIT did not start: $(cat "$SIIT_DIR/tayga.log")"
}

DAEMONS+=("$SIIT_DIR/tayga.pid /usr/sbin/tayga")
