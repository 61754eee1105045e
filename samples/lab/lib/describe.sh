# Writes run/lab.json: every namespace, address, name, server and case, so tests and the sample's
# coexist.yaml read the lab instead of guessing. Strings here never hold quotes or backslashes.
# shellcheck shell=bash

jarr() { local out="" x; for x in "$@"; do out+="${out:+, }\"$x\""; done; printf '[%s]' "$out"; }
jnums() { local out="" x; for x in "$@"; do out+="${out:+, }$x"; done; printf '[%s]' "$out"; }

# lab_case ID KIND HEALTHY COUNTERPART NAME "V4..." "V6..." "PORTS..." DESCRIPTION [KEY=VALUE...]
# "nat64" lists the IPv4 addresses embedded in the NAT64 prefix, for the kinds a client reaches
# through NAT64 (DNS cases' addresses are answers, not servers to connect to).
lab_case() {
  local id=$1 kind=$2 healthy=$3 counterpart=$4 name=$5 v4=$6 v6=$7 ports=$8 text=$9 expect="" pair addr nat64=()
  shift 9
  for pair in "$@"; do expect+="${expect:+, }\"${pair%%=*}\": \"${pair#*=}\""; done
  if [ "$kind" != dns ]; then for addr in $v4; do nat64+=("$(nat64_embed "$addr")"); done; fi
  # shellcheck disable=SC2086
  printf '    {"id": "%s", "kind": "%s", "healthy": %s, "counterpart": %s, "name": "%s",\n     "ipv4": %s, "ipv6": %s, "nat64": %s, "ports": %s,\n     "description": "%s",\n     "expect": {%s}}\n' \
    "$id" "$kind" "$healthy" "$( [ -n "$counterpart" ] && echo "\"$counterpart\"" || echo null)" "$name" \
    "$(jarr $v4)" "$(jarr $v6)" "$(jarr "${nat64[@]}")" "$(jnums $ports)" "$text" "$expect"
}

lab_cases() {
  local z=$ZONE
  {
  # DNS: delegation and name servers
  lab_case dns-delegation dns true "" "$z" "$NS1_V4 $NS2_V4" "$NS1_V6 $NS2_V6" 53 \
    "test. delegates coexist.test to ns1/ns2 with glue for both families equal to the child data; UDP and TCP" \
    "zone=$z" "nameServers=ns1.$z ns2.$z" "tcp=answers"
  lab_case dns-ns-no-aaaa dns false dns-delegation ns-no-aaaa.test "$NS_NOAAAA_V4" "" 53 \
    "one of the two name servers of ns-no-aaaa.test has an A record and no AAAA (glue and child)" \
    "zone=ns-no-aaaa.test" "nameServer=ns.ns-no-aaaa.test"
  lab_case dns-udp-only dns false dns-delegation udp-only.test "$NS_UDPONLY_V4" "$NS_UDPONLY_V6" 53 \
    "ns.udp-only.test answers over UDP; TCP/53 to it is refused (nftables, tcp reset)" \
    "zone=udp-only.test" "nameServer=ns.udp-only.test" "tcp=refused"
  lab_case dns-glue-mismatch dns false dns-delegation glue-mismatch.test \
    "$NS_GLUE_PARENT_V4 $NS_GLUE_CHILD_V4" "$NS_GLUE_PARENT_V6 $NS_GLUE_CHILD_V6" 53 \
    "the parent glue for ns.glue-mismatch.test differs from the child authoritative A/AAAA (both addresses answer)" \
    "zone=glue-mismatch.test" "nameServer=ns.glue-mismatch.test" "glueIPv4=$NS_GLUE_PARENT_V4" "glueIPv6=$NS_GLUE_PARENT_V6" \
    "childIPv4=$NS_GLUE_CHILD_V4" "childIPv6=$NS_GLUE_CHILD_V6"
  lab_case dns-large-rrset dns false web-dual-stack "big.$z" "" "" 53 \
    "$BIG_RRSET_SIZE AAAA records: larger than 1232 bytes, so UDP answers are truncated and TCP is needed" \
    "type=AAAA" "records=$BIG_RRSET_SIZE" "udpPayload=1232"
  # DNS: address records
  lab_case dns-v4mapped-aaaa dns false web-dual-stack "mapped.$z" "$WWW_V4" "::ffff:$WWW_V4" "" \
    "AAAA of the form ::ffff:a.b.c.d (RFC 4291 2.5.5.2), beside a good A"
  lab_case dns-private-v4 dns false web-dual-stack "private-v4.$z" "$PRIVATE_V4" "$WWW_V6" "" \
    "an RFC 1918 A record in a public answer, beside a good AAAA"
  lab_case dns-ula-v6 dns false web-dual-stack "ula.$z" "$WWW_V4" "$ULA_V6" "" \
    "a ULA (fc00::/7) AAAA record in a public answer, beside a good A"
  # DNS: reverse
  lab_case dns-ptr-confirmed dns true "" "mx.$z" "" "$MX_V6" "" \
    "PTR of the address names mx.coexist.test, whose AAAA is that address (forward-confirmed)" "ptr=mx.$z"
  lab_case dns-ptr-unconfirmed dns false dns-ptr-confirmed "mx-notls6.$z" "" "$NOTLS6_V6" "" \
    "PTR of the address names mx.coexist.test, whose AAAA is another address (not forward-confirmed)" "ptr=mx.$z"
  lab_case dns-ptr-missing dns false dns-ptr-confirmed "www-split.$z" "" "$SPLIT_V6" "" \
    "no PTR for the address"
  # DNS: DNSSEC
  lab_case dns-signed-dual-stack dns true "" dual.signed.test "$WWW_V4" "$WWW_V6" "" \
    "a DNSSEC-signed name with A and AAAA; the resolvers hold the signed.test KSK as trust anchor" \
    "zone=signed.test" "signed=yes"
  lab_case dns-signed-a-only dns false dns-signed-dual-stack www.signed.test "$WWW_V4" "" "" \
    "a DNSSEC-signed A-only name: DNS64 synthesizes AAAA for it, except for queries with DO set (bind break-dnssec no)" \
    "signed=yes" "dns64WithDnssecOk=no-synthesis"

  # Web
  lab_case web-dual-stack web true "" "www.$z" "$WWW_V4" "$WWW_V6" "80 443" \
    "the same page over IPv4 and IPv6, HTTP and HTTPS" "content=same"
  lab_case web-v4-only web false web-dual-stack "www-v4only.$z" "$WWW4_V4" "" "80 443" \
    "served on IPv4 only and the name has no AAAA; reachable from IPv6 through NAT64 only"
  lab_case web-v6-content-differs web false web-dual-stack "www-split.$z" "$SPLIT_V4" "$SPLIT_V6" "80 443" \
    "the IPv6 virtual host serves a different page" "content=differs"
  lab_case web-v4-literal-script web false web-dual-stack "www-v4literal.$z" "$LITERAL_V4" "$LITERAL_V6" "80 443" \
    "the page pulls a script from an IPv4 literal" "literal=http://$WWW4_V4/app.js"

  # Mail
  lab_case mail-dual-stack mail true "" "mx.$z" "$MX_V4" "$MX_V6" 25 \
    "MX of coexist.test; STARTTLS on both families; SPF covers the IPv6 sender; DMARC" \
    "domain=$z" "starttlsIPv4=yes" "starttlsIPv6=yes" "spfCoversIPv6=yes" "dmarc=yes"
  lab_case mail-v4-only mail false mail-dual-stack "mx-v4only.$z" "$MX4_V4" "" 25 \
    "MX of mail-v4only.coexist.test; listens on IPv4 only, no AAAA" \
    "domain=mail-v4only.$z" "starttlsIPv4=yes" "spfCoversIPv6=no" "dmarc=yes"
  lab_case mail-v6-no-starttls mail false mail-dual-stack "mx-notls6.$z" "$NOTLS6_V4" "$NOTLS6_V6" 25 \
    "MX of mail-notls6.coexist.test; its IPv6 listener offers no STARTTLS; SPF lists its IPv4 only; no DMARC" \
    "domain=mail-notls6.$z" "starttlsIPv4=yes" "starttlsIPv6=no" "spfCoversIPv6=no" "dmarc=no"
  lab_case mail-null-mx mail false mail-dual-stack "nullmx.$z" "" "" "" \
    "a null MX (RFC 7505): the domain accepts no mail" "domain=nullmx.$z" "dmarc=yes"

  # SIP
  lab_case sip-dual-stack sip true "" "sip.$z" "$SIP_V4" "$SIP_V6" 5060 \
    "answers OPTIONS over UDP and TCP on both families; Contact and SDP c= follow the request family" \
    "domain=$z" "transports=udp tcp" "contactOverIPv6=IPv6" "sdpOverIPv6=IP6"
  lab_case sip-v4-contact sip false sip-dual-stack "sip-v4contact.$z" "$SIPV4C_V4" "$SIPV4C_V6" 5060 \
    "answers over IPv6 with an IPv4 Contact, and INVITE with SDP c=IN IP4" \
    "domain=voip-v4contact.$z" "transports=udp tcp" "contactOverIPv6=IPv4" "sdpOverIPv6=IP4"
  lab_case sip-v4-only sip false sip-dual-stack "sip-v4only.$z" "$SIP4_V4" "" 5060 \
    "listens on IPv4 only; no AAAA" "domain=voip-v4only.$z" "transports=udp tcp"

  # Paths: the MTU-1280 hop. Outcomes are per path, for GET largePath: completes in time, or stalls.
  # siitAddress is the IPv4 address SIIT maps to the server's IPv6 one (its traffic crosses the hop in IPv6).
  lab_case mtu-blackhole mtu false mtu-ptb-ok "mtu-blackhole.$z" "$MTU_BH_V4" "$MTU_BH_V6" "$MTU_PORT" \
    "behind a hop with IPv6 MTU 1280 whose ICMPv6 Packet Too Big (and, through NAT64, ICMPv4 fragmentation needed) a firewall drops: small answers pass, large ones stall" \
    "ipv6LinkMtu=${LINK_V6_MTU[mtu]}" "tooBig=dropped" "firewall=$(ns_of mtufw)" "smallPath=/small.txt" "largePath=/large.bin" \
    "largeBytes=$MTU_LARGE_BYTES" "v4=completes" "v6=stalls" "nat64=stalls" "siit=stalls" "siitAddress=$SIIT_MTU_BH_V4"
  lab_case mtu-ptb-ok mtu true "" "mtu-ptb-ok.$z" "$MTU_OK_V4" "$MTU_OK_V6" "$MTU_PORT" \
    "behind the same hop, with Packet Too Big passed: path MTU discovery works and large answers complete on every path" \
    "ipv6LinkMtu=${LINK_V6_MTU[mtu]}" "tooBig=passed" "firewall=$(ns_of mtufw)" "smallPath=/small.txt" "largePath=/large.bin" \
    "largeBytes=$MTU_LARGE_BYTES" "v4=completes" "v6=completes" "nat64=completes" "siit=completes" "siitAddress=$SIIT_MTU_OK_V4"
  } | sed '$!s/}}$/}},/'
}

children_of() {   # role: the roles whose link's upstream end is in ROLE's namespace
  local role
  for role in $ROLES; do if [ "$(upstream_of "$role")" = "$1" ]; then echo "$role"; fi; done
}

# A namespace's addresses: its end of its own link, the upstream ends of its children's links,
# the addresses on its lo and those of its translator.
namespace_json() {   # role (gw for the gateway)
  local role=$1 n=null upstream=null child extra v4=() v6=()
  if [ "$role" != gw ]; then
    n=${LINK_INDEX[$role]}; upstream="\"$(ns_of "$(upstream_of "$role")")\""
    if has_v4 "$role"; then v4+=("$(link_v4 "$n" 2)"); fi
    if has_v6 "$role"; then v6+=("$(link_v6 "$n" 2)"); fi
  fi
  for child in $(children_of "$role"); do
    if has_v4 "$child"; then v4+=("$(link_v4 "${LINK_INDEX[$child]}" 1)"); fi
    if has_v6 "$child"; then v6+=("$(link_v6 "${LINK_INDEX[$child]}" 1)"); fi
  done
  if [ -n "${NS_V4[$role]:-}" ]; then read -ra extra <<< "${NS_V4[$role]}"; v4+=("${extra[@]}"); fi
  if [ -n "${NS_V6[$role]:-}" ]; then read -ra extra <<< "${NS_V6[$role]}"; v6+=("${extra[@]}"); fi
  case $role in
    gw)  v4+=("$TAYGA_V4" "$SIIT_TAYGA_V4"); v6+=("$TAYGA_V6" "$SIIT_TAYGA_V6") ;;
    mtu) v4+=("$MTU_TAYGA_V4"); v6+=("$MTU_TAYGA_V6") ;;
  esac
  printf '    {"name": "%s", "role": "%s", "link": %s, "upstream": %s, "ipv4": %s, "ipv6": %s}\n' \
    "$(ns_of "$role")" "$( [ "$role" = gw ] && echo gateway || echo "$role")" "$n" "$upstream" "$(jarr "${v4[@]}")" "$(jarr "${v6[@]}")"
}

# One entry per path: where a client in the root namespace sends iperf3 and ping, and which server
# answers in which namespace (the top-level namespace is where most of them run).
bench_json() {
  local path out="" entry
  for path in $BENCH_PATHS; do
    printf -v entry '      {"path": "%s", "address": "%s", "echo": "%s", "serverAddress": "%s", "server": "iperf3-%s", "namespace": "%s"}' \
      "$path" "$(bench_client_address "$path")" "$(bench_client_address "$path")" "$(bench_server_address "$path")" "$path" \
      "$(ns_of "$(bench_role "$path")")"
    out+="${out:+,$'\n'}$entry"
  done
  printf '{"namespace": "%s", "tool": "iperf3", "port": %s,\n    "paths": [\n%s\n    ]}' "$(ns_of bench)" "$BENCH_PORT" "$out"
}

siit_map_json() {   # SIIT's explicit address mappings as [{"ipv4": ..., "ipv6": ...}]
  local v4 v6 out=""
  while read -r v4 v6; do out+="${out:+, }{\"ipv4\": \"$v4\", \"ipv6\": \"$v6\"}"; done < <(siit_mappings)
  printf '[%s]' "$out"
}

server_json() {   # name software role pidfile log "v4..." "v6..."
  # shellcheck disable=SC2086
  printf '    {"name": "%s", "software": "%s", "namespace": "%s", "pidFile": "%s", "log": "%s", "ipv4": %s, "ipv6": %s}' \
    "$1" "$2" "$(ns_of "$3")" "$4" "$5" "$(jarr $6)" "$(jarr $7)"
}

describe() {
  local role h=${LINK_INDEX[host]}
  cat <<JSON
{
  "schema": "coexist.lab/v1",
  "runDirectory": "$RUN_DIR",
  "zone": "$ZONE",
  "caCertificate": "$CA_CERT",
  "inventory": "$RUN_DIR/coexist.yaml",
  "host": {"interface": "$HOST_IF", "ipv4": "$(link_v4 "$h" 2)", "ipv6": "$(link_v6 "$h" 2)",
           "gatewayIPv4": "$(link_v4 "$h" 1)", "gatewayIPv6": "$(link_v6 "$h" 1)",
           "routes": $(jarr $(lab_root_prefixes))},
  "nat64": {"prefix": "$NAT64_PREFIX", "namespace": "$GW_NS", "ipv4": "$TAYGA_V4", "pool": "$NAT64_POOL"},
  "siit": {"prefix": "$SIIT_PREFIX", "namespace": "$GW_NS", "ipv4": "$SIIT_TAYGA_V4", "ipv6": "$SIIT_TAYGA_V6",
           "map": $(siit_map_json)},
  "resolvers": {
    "plain": {"ipv4": "$RESOLVER_V4", "ipv6": "$RESOLVER_V6"},
    "dns64": {"ipv4": null, "ipv6": "$DNS64_V6"}
  },
  "parent": {"zone": "test", "name": "a.nic.test", "ipv4": "$NS_PARENT_V4", "ipv6": "$NS_PARENT_V6"},
  "bench": $(bench_json),
  "namespaces": [
$(for role in gw $ROLES; do [ "$role" = host ] || namespace_json "$role"; done | sed '$!s/$/,/')
  ],
  "servers": [
$(server_json dns-auth bind9 dns "$AUTH_DIR/named.pid" "$AUTH_DIR/named.log" "${NS_V4[dns]}" "${NS_V6[dns]}"),
$(server_json dns-resolver bind9 resolver "$RESOLVER_DIR/named.pid" "$RESOLVER_DIR/named.log" "${NS_V4[resolver]}" "${NS_V6[resolver]}"),
$(server_json nat64 tayga gw "$NAT64_DIR/tayga.pid" "$NAT64_DIR/tayga.log" "$TAYGA_V4" "$TAYGA_V6"),
$(server_json siit tayga gw "$SIIT_DIR/tayga.pid" "$SIIT_DIR/tayga.log" "$SIIT_TAYGA_V4" "$SIIT_TAYGA_V6"),
$(server_json web nginx web "$WEB_DIR/nginx.pid" "$WEB_DIR/error.log" "${NS_V4[web]}" "${NS_V6[web]}"),
$(server_json mail postfix mail "$MAIL_DIR/queue/pid/master.pid" "$MAIL_DIR/postfix.log" "${NS_V4[mail]}" "${NS_V6[mail]}"),
$(server_json sip kamailio sip "$SIP_DIR/sip/kamailio.pid" "$SIP_DIR/sip/kamailio.log" "$SIP_V4" "$SIP_V6"),
$(server_json sip-v4contact kamailio sip "$SIP_DIR/sip-v4contact/kamailio.pid" "$SIP_DIR/sip-v4contact/kamailio.log" "$SIPV4C_V4" "$SIPV4C_V6"),
$(server_json sip-v4only kamailio sip "$SIP_DIR/sip-v4only/kamailio.pid" "$SIP_DIR/sip-v4only/kamailio.log" "$SIP4_V4" ""),
$(server_json nat64-mtu tayga mtu "$MTU_NAT64_DIR/tayga.pid" "$MTU_NAT64_DIR/tayga.log" "$MTU_TAYGA_V4" "$MTU_TAYGA_V6"),
$(server_json mtu-blackhole nginx mtubh "$MTU_DIR/mtubh/nginx.pid" "$MTU_DIR/mtubh/error.log" "$MTU_BH_V4" "$MTU_BH_V6"),
$(server_json mtu-ptb-ok nginx mtuok "$MTU_DIR/mtuok/nginx.pid" "$MTU_DIR/mtuok/error.log" "$MTU_OK_V4" "$MTU_OK_V6"),
$(server_json iperf3-v4 iperf3 bench "$BENCH_DIR/iperf3-v4.pid" "$BENCH_DIR/iperf3-v4.log" "$(bench_server_address v4)" ""),
$(server_json iperf3-v6 iperf3 bench "$BENCH_DIR/iperf3-v6.pid" "$BENCH_DIR/iperf3-v6.log" "" "$(bench_server_address v6)"),
$(server_json iperf3-nat64 iperf3 bench "$BENCH_DIR/iperf3-nat64.pid" "$BENCH_DIR/iperf3-nat64.log" "$(bench_server_address nat64)" ""),
$(server_json iperf3-siit iperf3 v6only "$BENCH_DIR/iperf3-siit.pid" "$BENCH_DIR/iperf3-siit.log" "" "$(bench_server_address siit)")
  ],
  "cases": [
$(lab_cases)
  ]
}
JSON
}

# run/coexist.yaml: the lab's web, mail and SIP cases and its zones as a Coexist inventory,
# derived from lab.json so that the two never disagree. The MTU cases are paths, not services:
# they stay out (a probe of the whole inventory would wait out the black hole).
inventory() {
  jq -r '
    "# Written by samples/lab/up.sh from run/lab.json.",
    "organization: Coexist lab",
    "resolver: \"\(.resolvers.plain.ipv4)\"",
    "dns64: \"\(.resolvers.dns64.ipv6)\"",
    "nat64-prefix: \"\(.nat64.prefix)\"",
    "ca-file: \"\(.caCertificate)\"",
    "paths: [v4, v6, nat64, dns64]",
    "services:",
    (.cases[] | select(.kind == "web" or .kind == "mail" or .kind == "sip" or (.kind == "dns" and .expect.zone != null)) |
      "  - name: \(.id)\n    kind: \(.kind)" +
      if .kind == "web" then "\n    hosts: [\(.name)]\n    ports: [\(.ports | map(tostring) | join(", "))]"
      elif .kind == "dns" then "\n    zone: \(.expect.zone)"
      elif .kind == "sip" then "\n    domain: \(.expect.domain)\n    transports: [\(.expect.transports | split(" ") | join(", "))]"
      else "\n    domain: \(.expect.domain)" end)
  ' "$LAB_JSON"
}
