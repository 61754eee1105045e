# Namespaces, veth links, addresses and routes. A star around the gateway, plus one chain for the
# MTU path (gateway - mtu - mtufw - mtubh/mtuok): every namespace hangs off its upstream.
# shellcheck shell=bash

# sysctl inside a namespace, or in the root namespace when NS is empty.
ns_sysctl() { local ns=$1; shift; if [ -n "$ns" ]; then in_ns "$ns" sysctl -qw "$@"; else sysctl -qw "$@"; fi; }

add_namespace() {
  ip netns add "$1"
  ip -n "$1" link set lo up
}

# Joins ROLE's namespace to its upstream with link N and gives both ends their addresses.
add_link() {
  local role=$1 n=${LINK_INDEX[$1]} ns end up mtu6
  ns=$(ns_of "$role"); up=$(ns_of "$(upstream_of "$role")")
  if [ "$role" = host ]; then
    ip link add "$HOST_IF" type veth peer name "to-$role" netns "$up"
    end=$HOST_IF
  else
    ip link add "to-$role" netns "$up" type veth peer name "$PEER_IF" netns "$ns"
    end=$PEER_IF
  fi
  if has_v4 "$role"; then
    ip -n "$up" addr add "$(link_v4 "$n" 1)/30" dev "to-$role"
    ip ${ns:+-n "$ns"} addr add "$(link_v4 "$n" 2)/30" dev "$end"
  fi
  if has_v6 "$role"; then
    # nodad: duplicate address detection would leave the address tentative for a second or two.
    ip -n "$up" -6 addr add "$(link_v6 "$n" 1)/64" dev "to-$role" nodad
    ip ${ns:+-n "$ns"} -6 addr add "$(link_v6 "$n" 2)/64" dev "$end" nodad
  fi
  ip -n "$up" link set "to-$role" up
  ip ${ns:+-n "$ns"} link set "$end" up
  mtu6=${LINK_V6_MTU[$role]:-}
  if [ -n "$mtu6" ]; then   # IPv6 only: the device MTU, and so IPv4, stays at 1500
    ns_sysctl "$up" "net.ipv6.conf.to-$role.mtu=$mtu6"
    ns_sysctl "$ns" "net.ipv6.conf.$end.mtu=$mtu6"
  fi
}

# Routes BLOCK (v4 or v6) to ROLE from every namespace between it and the gateway, the gateway included.
route_towards() {
  local role=$1 family=$2 block=$3 child=$1 up
  while :; do
    up=$(upstream_of "$child")
    if [ "$family" = -4 ]; then
      ip -n "$(ns_of "$up")" route add "$block" via "$(link_v4 "${LINK_INDEX[$child]}" 2)"
    else
      ip -n "$(ns_of "$up")" -6 route add "$block" via "$(link_v6 "${LINK_INDEX[$child]}" 2)"
    fi
    [ "$up" = gw ] && break
    child=$up
  done
}

topology_up() {
  local role ns n addr prefix
  add_namespace "$GW_NS"
  ns_sysctl "$GW_NS" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  for role in $ROLES; do   # in order: an upstream comes before the namespaces behind it
    ns=$(ns_of "$role")
    [ -n "$ns" ] && add_namespace "$ns"
    # The IPv4-only client has no IPv6 at all, not even link-local.
    if [ "$role" = client4 ]; then
      ns_sysctl "$ns" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1
    fi
    add_link "$role"
  done
  for role in $ROUTER_ROLES; do
    ns_sysctl "$(ns_of "$role")" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  done

  # Root namespace: routes into the lab for the lab's prefixes only, never a default route.
  n=${LINK_INDEX[host]}
  for prefix in $(lab_root_prefixes); do
    case $prefix in
      *:*) ip -6 route add "$prefix" via "$(link_v6 "$n" 1)" dev "$HOST_IF" ;;
      *)   ip route add "$prefix" via "$(link_v4 "$n" 1)" dev "$HOST_IF" ;;
    esac
  done

  # Resolvers, through ip netns exec's bind mount of /etc/netns/NS/resolv.conf: the IPv6-only client
  # uses DNS64, the IPv6-only server the plain resolver over IPv6, everyone else the plain resolver
  # over IPv4 (servers too: postfix looks up its clients' names).
  for role in $ROLES; do
    ns=$(ns_of "$role")
    [ -n "$ns" ] || continue
    mkdir -p "/etc/netns/$ns"
    if [ "$role" = client6 ]; then echo "nameserver $DNS64_V6"
    elif ! has_v4 "$role"; then echo "nameserver $RESOLVER_V6"
    else echo "nameserver $RESOLVER_V4"; fi > "/etc/netns/$ns/resolv.conf"
  done

  # Every namespace but the root: a default route to its upstream, in the families it has.
  for role in $ROLES; do
    [ "$role" = host ] && continue
    ns=$(ns_of "$role"); n=${LINK_INDEX[$role]}
    if has_v4 "$role"; then ip -n "$ns" route add default via "$(link_v4 "$n" 1)"; fi
    if has_v6 "$role"; then ip -n "$ns" -6 route add default via "$(link_v6 "$n" 1)"; fi
  done

  # Servers: service addresses on lo, and routes back to them from every namespace on the way.
  for role in $SERVER_ROLES; do
    ns=$(ns_of "$role")
    for addr in ${NS_V4[$role]:-}; do ip -n "$ns" addr add "$addr/32" dev lo; done
    for addr in ${NS_V6[$role]:-}; do ip -n "$ns" -6 addr add "$addr/128" dev lo; done
    if [ -n "${V4_BLOCK[$role]:-}" ]; then route_towards "$role" -4 "${V4_BLOCK[$role]}"; fi
    route_towards "$role" -6 "${V6_BLOCK[$role]}"
  done
}
