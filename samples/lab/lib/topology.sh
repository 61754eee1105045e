# Namespaces, veth links, addresses and routes. A star: every namespace hangs off the gateway.
# shellcheck shell=bash

# Refuses to start when the root namespace already routes a lab prefix somewhere else:
# the lab must never shadow a real network (the build machines' uplink uses 192.0.2.0/24).
check_prefixes_free() {
  local prefix
  for prefix in "$LAB_V4_SERVICES" "$LAB_V4_LINKS" "$PRIVATE_V4/32"; do
    [ -z "$(ip -4 route show match "$prefix" | grep -v '^default')$(ip -4 route show root "$prefix")" ] ||
      die "the root namespace already routes $prefix: $(ip -4 route show match "$prefix" | grep -v '^default' | head -1)"
  done
  for prefix in "$LAB_V6_SERVICES" "$ULA_V6/128"; do
    [ -z "$(ip -6 route show match "$prefix" | grep -v '^default')$(ip -6 route show root "$prefix")" ] ||
      die "the root namespace already routes $prefix: $(ip -6 route show match "$prefix" | grep -v '^default' | head -1)"
  done
}

# sysctl inside a namespace, or in the root namespace when NS is empty.
ns_sysctl() { local ns=$1; shift; if [ -n "$ns" ]; then in_ns "$ns" sysctl -qw "$@"; else sysctl -qw "$@"; fi; }

add_namespace() {
  ip netns add "$1"
  ip -n "$1" link set lo up
}

# Joins ROLE's namespace to the gateway with link N and gives both ends their addresses.
add_link() {
  local role=$1 n=${LINK_INDEX[$1]} ns end
  ns=$(ns_of "$role")
  if [ "$role" = host ]; then
    ip link add "$HOST_IF" type veth peer name "to-$role" netns "$GW_NS"
    end=$HOST_IF
  else
    ip link add "to-$role" netns "$GW_NS" type veth peer name "$PEER_IF" netns "$ns"
    end=$PEER_IF
  fi
  if has_v4 "$role"; then
    ip -n "$GW_NS" addr add "$(link_v4 "$n" 1)/30" dev "to-$role"
    ip ${ns:+-n "$ns"} addr add "$(link_v4 "$n" 2)/30" dev "$end"
  fi
  if has_v6 "$role"; then
    # nodad: duplicate address detection would leave the address tentative for a second or two.
    ip -n "$GW_NS" -6 addr add "$(link_v6 "$n" 1)/64" dev "to-$role" nodad
    ip ${ns:+-n "$ns"} -6 addr add "$(link_v6 "$n" 2)/64" dev "$end" nodad
  fi
  ip -n "$GW_NS" link set "to-$role" up
  ip ${ns:+-n "$ns"} link set "$end" up
}

topology_up() {
  local role ns n addr
  check_prefixes_free
  add_namespace "$GW_NS"
  ns_sysctl "$GW_NS" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  for role in $ROLES; do
    ns=$(ns_of "$role")
    [ -n "$ns" ] && add_namespace "$ns"
    # The IPv4-only client has no IPv6 at all, not even link-local.
    [ "$role" = client4 ] && ns_sysctl "$ns" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1
    add_link "$role"
  done

  # Root namespace: routes into the lab for the lab's prefixes only, never a default route.
  n=${LINK_INDEX[host]}
  ip route add "$LAB_V4_SERVICES" via "$(link_v4 "$n" 1)" dev "$HOST_IF"
  ip route add "$PRIVATE_V4/32" via "$(link_v4 "$n" 1)" dev "$HOST_IF"
  ip -6 route add "$LAB_V6_SERVICES" via "$(link_v6 "$n" 1)" dev "$HOST_IF"
  ip -6 route add "$ULA_V6/128" via "$(link_v6 "$n" 1)" dev "$HOST_IF"

  # Resolvers, through ip netns exec's bind mount of /etc/netns/NS/resolv.conf: the IPv6-only client
  # uses DNS64, everyone else the plain resolver (servers too: postfix looks up its clients' names).
  for role in $ROLES; do
    ns=$(ns_of "$role")
    [ -n "$ns" ] || continue
    mkdir -p "/etc/netns/$ns"
    if [ "$role" = client6 ]; then echo "nameserver $DNS64_V6"; else echo "nameserver $RESOLVER_V4"; fi > "/etc/netns/$ns/resolv.conf"
  done

  # Clients: a default route through the gateway, in their one family.
  ip -n "$(ns_of client4)" route add default via "$(link_v4 "${LINK_INDEX[client4]}" 1)"
  ip -n "$(ns_of client6)" -6 route add default via "$(link_v6 "${LINK_INDEX[client6]}" 1)"

  # Servers: service addresses on lo, a default route to the gateway, and the gateway's route back.
  for role in $SERVER_ROLES; do
    ns=$(ns_of "$role"); n=${LINK_INDEX[$role]}
    for addr in ${NS_V4[$role]}; do ip -n "$ns" addr add "$addr/32" dev lo; done
    for addr in ${NS_V6[$role]}; do ip -n "$ns" -6 addr add "$addr/128" dev lo; done
    ip -n "$ns" route add default via "$(link_v4 "$n" 1)"
    ip -n "$ns" -6 route add default via "$(link_v6 "$n" 1)"
    ip -n "$GW_NS" route add "${V4_BLOCK[$role]}" via "$(link_v4 "$n" 2)"
    ip -n "$GW_NS" -6 route add "${V6_BLOCK[$role]}" via "$(link_v6 "$n" 2)"
  done
}
