# The address plan: the one place where the lab's addresses and names are chosen.
# Documentation ranges only (RFC 5737, RFC 3849) plus one ULA and one RFC 1918 address that appear
# in DNS answers only. 192.0.2.0/24 and 203.0.113.0/24 are NOT used: the build machines carry their
# uplink on the first and reach their package registries (NuGet, Debian, npm) in the second.
#
# IPv4, all inside 198.51.100.0/24 (TEST-NET-2):
#   .0/26      links: link N is 198.51.100.4N/30 (upstream end .4N+1, far end .4N+2), N = 0..15
#   .64/28     dns         .80/28   web         .96/29   mail        .104/29  sip
#   .112/30    resolver    .116/30  MTU servers .120/30  MTU translator (tayga .121, pool .122/31)
#   .124/31    iperf3      .126     tayga       .128/26  NAT64 pool
#   .192/26    SIIT: the translator (.193) and its explicit address mappings' IPv4 side (.194 ...)
# IPv6, all inside 2001:db8:c0e::/48: one /64 per kind (2001:db8:c0e:KIND::/64, KIND = 53, 5353,
# 80, 25, 5060, 1280, 5201, 4646 for the IPv6-only server behind SIIT), links 2001:db8:c0e:fN::/64
# (N in hex), NAT64 2001:db8:c0e:64::/96, SIIT's prefix for IPv4 clients 2001:db8:c0e:46::/96.
# shellcheck shell=bash disable=SC2034

# What the root namespace routes into the lab, and nothing else (see lab_root_prefixes).
LAB_V4=198.51.100.0/24                  # TEST-NET-2: links, servers, translators, the NAT64 pool
LAB_V6=2001:db8:c0e::/48                # servers, links and the NAT64 prefix

# NAT64 (tayga, in the gateway namespace). A network-specific prefix: RFC 6052 forbids
# translating non-global IPv4 with 64:ff9b::/96, and tayga refuses it.
NAT64_PREFIX=2001:db8:c0e:64::/96
NAT64_TUN=nat64
TAYGA_V4=198.51.100.126
TAYGA_V6=2001:db8:c0e:64:1::1
NAT64_POOL=198.51.100.128/26   # 64 IPv6 clients at once; the upper /26 went to SIIT

# SIIT (a third tayga, in the gateway namespace): stateless 1:1 translation, the map646 design of
# CONTEXT.md. IPv4 clients reach IPv6-only servers at IPv4 addresses that explicit address mappings
# (RFC 7757) tie to the servers' IPv6 addresses; the clients' own IPv4 addresses appear to the
# servers embedded in SIIT_PREFIX (RFC 6052), a prefix of its own so that replies find this
# translator and not the NAT64 one. No dynamic pool: nothing is stateful.
SIIT_TUN=siit
SIIT_PREFIX=2001:db8:c0e:46::/96
SIIT_V4=198.51.100.192/26              # routed to the translator: its own address and the mapped ones
SIIT_TAYGA_V4=198.51.100.193
SIIT_TAYGA_V6=2001:db8:c0e:64:3::1
SIIT_SERVER_V4=198.51.100.194;   SIIT_SERVER_V6=2001:db8:c0e:4646::194   # the IPv6-only bench server (coexist-v6only)
SIIT_MTU_BH_V4=198.51.100.195    # -> MTU_BH_V6: the black hole, from IPv4 through SIIT
SIIT_MTU_OK_V4=198.51.100.196    # -> MTU_OK_V6

ZONE=coexist.test
REVERSE6_ZONE=e.0.c.0.8.b.d.0.1.0.0.2.ip6.arpa   # 2001:db8:c0e::/48
REVERSE4_ZONE=100.51.198.in-addr.arpa            # 198.51.100.0/24

# Links: link N joins a namespace to its upstream (the gateway unless UPSTREAM says otherwise):
# IPv4 198.51.100.4N/30 (upstream .4N+1, namespace .4N+2), IPv6 2001:db8:c0e:fN::/64 (upstream ::1,
# namespace ::2). Link 0 is the root namespace, a dual-stack probing host.
# The MTU path is a chain: gateway = mtu (IPv6 MTU 1280 on link 8) - mtufw (firewall) - mtubh / mtuok.
# v6only is an IPv6-only server namespace, reached from IPv4 only through SIIT.
declare -A LINK_INDEX=( [host]=0 [client4]=1 [client6]=2 [dns]=3 [resolver]=4 [web]=5 [mail]=6 [sip]=7
                        [mtu]=8 [mtufw]=9 [mtubh]=10 [mtuok]=11 [bench]=12 [v6only]=13 )
declare -A UPSTREAM=( [mtufw]=mtu [mtubh]=mtufw [mtuok]=mtufw )
ROLES="host client4 client6 dns resolver web mail sip mtu mtufw mtubh mtuok bench v6only"
SERVER_ROLES="dns resolver web mail sip mtubh mtuok bench v6only"   # service addresses on their lo
ROUTER_ROLES="mtu mtufw"                                      # forward, besides the gateway
GW_NS=${NS_PREFIX}gw
HOST_IF=coexist-lab            # root-namespace end of link 0
PEER_IF=uplink                 # every namespace's end of its link; the upstream's end is to-ROLE
ns_of()       { [ "$1" = host ] && echo "" || echo "${NS_PREFIX}$1"; }
upstream_of() { echo "${UPSTREAM[$1]:-gw}"; }
has_v4()      { [ "$1" != client6 ] && [ "$1" != v6only ]; }
has_v6()      { [ "$1" != client4 ]; }
link_v4()     { echo "198.51.100.$((4 * $1 + $2))"; }          # link_v4 N 1|2
link_v6()     { printf '2001:db8:c0e:f%x::%s\n' "$1" "$2"; }    # link_v6 N 1|2

# The MTU-1280 hop: link 8's IPv6 MTU (the device stays at 1500, so IPv4 crosses it unharmed).
# RFC 8200 section 5: 1280 is the smallest MTU an IPv6 link may have.
declare -A LINK_V6_MTU=( [mtu]=1280 )

# Service blocks routed towards each server namespace (whose lo holds the addresses).
declare -A V4_BLOCK=( [dns]=198.51.100.64/28 [web]=198.51.100.80/28 [mail]=198.51.100.96/29 [sip]=198.51.100.104/29
                      [resolver]=198.51.100.112/30 [mtubh]=198.51.100.117/32 [mtuok]=198.51.100.118/32
                      [bench]=198.51.100.124/31 )   # v6only: none, it is IPv6-only
declare -A V6_BLOCK=( [dns]=2001:db8:c0e:53::/64 [mail]=2001:db8:c0e:25::/64 [sip]=2001:db8:c0e:5060::/64
                      [resolver]=2001:db8:c0e:5353::/64 [web]=2001:db8:c0e:80::/64
                      [mtubh]=2001:db8:c0e:1280::117/128 [mtuok]=2001:db8:c0e:1280::118/128
                      [bench]=2001:db8:c0e:5201::/64 [v6only]=2001:db8:c0e:4646::/64 )

# DNS (coexist-dns)
NS_PARENT_V4=198.51.100.66;      NS_PARENT_V6=2001:db8:c0e:53::2     # a.nic.test, serves test.
NS1_V4=198.51.100.67;            NS1_V6=2001:db8:c0e:53::3           # ns1.coexist.test
NS2_V4=198.51.100.68;            NS2_V6=2001:db8:c0e:53::4           # ns2.coexist.test
NS_NOAAAA_V4=198.51.100.75                                           # ns.ns-no-aaaa.test (no AAAA)
NS_UDPONLY_V4=198.51.100.76;     NS_UDPONLY_V6=2001:db8:c0e:53::12   # ns.udp-only.test, TCP/53 rejected
NS_GLUE_PARENT_V4=198.51.100.77; NS_GLUE_PARENT_V6=2001:db8:c0e:53::13  # glue in test.
NS_GLUE_CHILD_V4=198.51.100.78;  NS_GLUE_CHILD_V6=2001:db8:c0e:53::14   # what the child says

# Resolvers (coexist-resolver): one named, two views chosen by destination address.
RESOLVER_V4=198.51.100.113;      RESOLVER_V6=2001:db8:c0e:5353::53   # plain recursive
DNS64_V6=2001:db8:c0e:5353::64                                       # DNS64 (IPv6 only)

# Web (coexist-web)
WWW_V4=198.51.100.80;            WWW_V6=2001:db8:c0e:80::80          # www: dual-stack, same content
WWW4_V4=198.51.100.81                                                # www-v4only
SPLIT_V4=198.51.100.82;          SPLIT_V6=2001:db8:c0e:80::82        # www-split: IPv6 content differs
LITERAL_V4=198.51.100.83;        LITERAL_V6=2001:db8:c0e:80::83      # www-v4literal: script from an IPv4 literal

# Mail (coexist-mail), one postfix with a listener per address
MX_V4=198.51.100.97;             MX_V6=2001:db8:c0e:25::25           # mx: STARTTLS on both
MX4_V4=198.51.100.98                                                 # mx-v4only
NOTLS6_V4=198.51.100.99;         NOTLS6_V6=2001:db8:c0e:25::27       # mx-notls6: no STARTTLS on IPv6

# SIP (coexist-sip), one kamailio per behaviour
SIP_V4=198.51.100.105;           SIP_V6=2001:db8:c0e:5060::40        # sip: answers as it should
SIPV4C_V4=198.51.100.106;        SIPV4C_V6=2001:db8:c0e:5060::41     # sip-v4contact: IPv4 Contact and SDP over IPv6
SIP4_V4=198.51.100.107                                               # sip-v4only

# MTU path (coexist-mtubh, coexist-mtuok): nginx with a small and a large file behind the 1280 hop.
# Two namespaces, because a server caches the path MTU per destination: one that has learnt it
# would hide the black hole of the other.
MTU_BH_V4=198.51.100.117;        MTU_BH_V6=2001:db8:c0e:1280::117    # mtu-blackhole: Packet Too Big dropped
MTU_OK_V4=198.51.100.118;        MTU_OK_V6=2001:db8:c0e:1280::118    # mtu-ptb-ok: Packet Too Big passed
# Their NAT64 path must cross the hop on its IPv6 side too, so a second tayga in coexist-mtu
# translates the lab's NAT64 prefix for them (the gateway routes their embedded addresses there).
MTU_TAYGA_V4=198.51.100.121;     MTU_TAYGA_V6=2001:db8:c0e:64:2::1
MTU_NAT64_POOL=198.51.100.122/31   # tayga takes no pool smaller than a /31
MTU_V4_SERVERS=198.51.100.116/30                                     # both servers, as one block
MTU_LARGE_BYTES=65536            # the large response: 64 KiB, dozens of full-size segments
MTU_PORT=80

# iperf3 and ICMP echo (coexist-bench): one iperf3 server per path, so that paths can be measured
# one after another without "the server is busy".
BENCH_V4=198.51.100.124;         BENCH_V6=2001:db8:c0e:5201::124     # routed IPv4, routed IPv6
BENCH_NAT64_V4=198.51.100.125                                        # reached through NAT64 (tayga)
BENCH_PORT=5201

# Special-purpose addresses that appear in public answers only. The root namespace routes them
# into the lab, where they are unreachable, so a probe that connects anyway stays on the machine.
PRIVATE_V4=10.113.0.80           # RFC 1918
ULA_V6=fd6c:6162::80             # RFC 4193 (fc00::/7)

# Addresses each server namespace puts on its lo.
declare -A NS_V4=( [dns]="$NS_PARENT_V4 $NS1_V4 $NS2_V4 $NS_NOAAAA_V4 $NS_UDPONLY_V4 $NS_GLUE_PARENT_V4 $NS_GLUE_CHILD_V4"
                   [resolver]="$RESOLVER_V4"
                   [web]="$WWW_V4 $WWW4_V4 $SPLIT_V4 $LITERAL_V4"
                   [mail]="$MX_V4 $MX4_V4 $NOTLS6_V4"
                   [sip]="$SIP_V4 $SIPV4C_V4 $SIP4_V4"
                   [mtubh]="$MTU_BH_V4" [mtuok]="$MTU_OK_V4"
                   [bench]="$BENCH_V4 $BENCH_NAT64_V4" )
declare -A NS_V6=( [dns]="$NS_PARENT_V6 $NS1_V6 $NS2_V6 $NS_UDPONLY_V6 $NS_GLUE_PARENT_V6 $NS_GLUE_CHILD_V6"
                   [resolver]="$RESOLVER_V6 $DNS64_V6"
                   [web]="$WWW_V6 $SPLIT_V6 $LITERAL_V6"
                   [mail]="$MX_V6 $NOTLS6_V6"
                   [sip]="$SIP_V6 $SIPV4C_V6"
                   [mtubh]="$MTU_BH_V6" [mtuok]="$MTU_OK_V6"
                   [bench]="$BENCH_V6" [v6only]="$SIIT_SERVER_V6" )

# SIIT's explicit address mappings (RFC 7757), "IPv4 IPv6" per line: the bench server and, so that the
# MTU-1280 hop can be crossed from IPv4 on its IPv6 side, the two MTU servers.
siit_mappings() {
  printf '%s %s\n' "$SIIT_SERVER_V4" "$SIIT_SERVER_V6" "$SIIT_MTU_BH_V4" "$MTU_BH_V6" "$SIIT_MTU_OK_V4" "$MTU_OK_V6"
}

# Every prefix the lab puts into the root namespace: the routes into the lab (its own link's
# addresses fall inside them). up.sh's preflight compares exactly these with what the host uses.
lab_root_prefixes() { echo "$LAB_V4 $PRIVATE_V4/32 $LAB_V6 $ULA_V6/128"; }

# RFC 6052 section 2.2 with a /96 prefix: the IPv4 address is the last 32 bits.
nat64_embed() {   # IPv4 address [length]: the IPv6 address (with /96+length when a length is given)
  local IFS=. a b c d
  [ "${NAT64_PREFIX#*/}" = 96 ] || { echo "nat64_embed handles /96 prefixes only" >&2; return 1; }
  read -r a b c d <<< "$1"
  printf '%s%x:%x%s\n' "${NAT64_PREFIX%/96}" $(( (a << 8) | b )) $(( (c << 8) | d )) "${2:+/$((96 + $2))}"
}
