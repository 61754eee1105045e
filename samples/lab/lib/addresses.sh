# The address plan: the one place where the lab's addresses and names are chosen.
# Documentation ranges only (RFC 5737, RFC 3849) plus one ULA and one RFC 1918 address that appear
# in DNS answers only. 192.0.2.0/24 is NOT used: the build machines carry it on their uplink.
# shellcheck shell=bash disable=SC2034

# Everything the lab serves, routed from the root namespace into the lab and nowhere else.
LAB_V4_SERVICES=203.0.113.0/24          # TEST-NET-3: server addresses
LAB_V6_SERVICES=2001:db8:c0e::/48       # server addresses, links and the NAT64 prefix
LAB_V4_LINKS=198.51.100.0/24            # TEST-NET-2: veth links and the NAT64 pool

# NAT64 (tayga, in the gateway namespace). A network-specific prefix: RFC 6052 forbids
# translating non-global IPv4 with 64:ff9b::/96, and tayga refuses it.
NAT64_PREFIX=2001:db8:c0e:64::/96
NAT64_TUN=nat64
TAYGA_V4=198.51.100.126
TAYGA_V6=2001:db8:c0e:64:1::1
NAT64_POOL=198.51.100.128/25

ZONE=coexist.test
REVERSE6_ZONE=e.0.c.0.8.b.d.0.1.0.0.2.ip6.arpa   # 2001:db8:c0e::/48
REVERSE4_ZONE=113.0.203.in-addr.arpa             # 203.0.113.0/24

# Links: link N joins the gateway to one namespace: IPv4 198.51.100.4N/30 (gateway .4N+1, peer .4N+2),
# IPv6 2001:db8:c0e:fN::/64 (gateway ::1, peer ::2). Link 0 is the root namespace, a dual-stack probing host.
declare -A LINK_INDEX=( [host]=0 [client4]=1 [client6]=2 [dns]=3 [resolver]=4 [web]=5 [mail]=6 [sip]=7 )
ROLES="host client4 client6 dns resolver web mail sip"
SERVER_ROLES="dns resolver web mail sip"
GW_NS=${NS_PREFIX}gw
HOST_IF=coexist-lab            # root-namespace end of link 0
PEER_IF=to-gw                  # every namespace's end of its link; the gateway's end is to-ROLE
ns_of()     { [ "$1" = host ] && echo "" || echo "${NS_PREFIX}$1"; }
has_v4()    { [ "$1" != client6 ]; }
has_v6()    { [ "$1" != client4 ]; }
link_v4()   { echo "198.51.100.$((4 * $1 + $2))"; }   # link_v4 N 1|2
link_v6()   { echo "2001:db8:c0e:f$1::$2"; }          # link_v6 N 1|2

# Service blocks routed by the gateway to each server namespace (on that namespace's lo).
declare -A V4_BLOCK=( [dns]=203.0.113.0/28 [mail]=203.0.113.16/28 [sip]=203.0.113.32/28
                      [resolver]=203.0.113.48/28 [web]=203.0.113.80/28 )
declare -A V6_BLOCK=( [dns]=2001:db8:c0e:53::/64 [mail]=2001:db8:c0e:25::/64 [sip]=2001:db8:c0e:5060::/64
                      [resolver]=2001:db8:c0e:5353::/64 [web]=2001:db8:c0e:80::/64 )

# DNS (coexist-dns)
NS_PARENT_V4=203.0.113.2;        NS_PARENT_V6=2001:db8:c0e:53::2     # a.nic.test, serves test.
NS1_V4=203.0.113.3;              NS1_V6=2001:db8:c0e:53::3           # ns1.coexist.test
NS2_V4=203.0.113.4;              NS2_V6=2001:db8:c0e:53::4           # ns2.coexist.test
NS_NOAAAA_V4=203.0.113.11                                            # ns.ns-no-aaaa.test (no AAAA)
NS_UDPONLY_V4=203.0.113.12;      NS_UDPONLY_V6=2001:db8:c0e:53::12   # ns.udp-only.test, TCP/53 rejected
NS_GLUE_PARENT_V4=203.0.113.13;  NS_GLUE_PARENT_V6=2001:db8:c0e:53::13  # glue in test.
NS_GLUE_CHILD_V4=203.0.113.14;   NS_GLUE_CHILD_V6=2001:db8:c0e:53::14   # what the child says

# Resolvers (coexist-resolver): one named, two views chosen by destination address.
RESOLVER_V4=203.0.113.53;        RESOLVER_V6=2001:db8:c0e:5353::53   # plain recursive
DNS64_V6=2001:db8:c0e:5353::64                                       # DNS64 (IPv6 only)

# Web (coexist-web)
WWW_V4=203.0.113.80;             WWW_V6=2001:db8:c0e:80::80          # www: dual-stack, same content
WWW4_V4=203.0.113.81                                                 # www-v4only
SPLIT_V4=203.0.113.82;           SPLIT_V6=2001:db8:c0e:80::82        # www-split: IPv6 content differs
LITERAL_V4=203.0.113.83;         LITERAL_V6=2001:db8:c0e:80::83      # www-v4literal: script from an IPv4 literal

# Mail (coexist-mail), one postfix with a listener per address
MX_V4=203.0.113.25;              MX_V6=2001:db8:c0e:25::25           # mx: STARTTLS on both
MX4_V4=203.0.113.26                                                  # mx-v4only
NOTLS6_V4=203.0.113.27;          NOTLS6_V6=2001:db8:c0e:25::27       # mx-notls6: no STARTTLS on IPv6

# SIP (coexist-sip), one kamailio per behaviour
SIP_V4=203.0.113.40;             SIP_V6=2001:db8:c0e:5060::40        # sip: answers as it should
SIPV4C_V4=203.0.113.41;          SIPV4C_V6=2001:db8:c0e:5060::41     # sip-v4contact: IPv4 Contact and SDP over IPv6
SIP4_V4=203.0.113.42                                                 # sip-v4only

# Special-purpose addresses that appear in public answers only. The root namespace routes them
# into the lab, where they are unreachable, so a probe that connects anyway stays on the machine.
PRIVATE_V4=10.113.0.80           # RFC 1918
ULA_V6=fd6c:6162::80             # RFC 4193 (fc00::/7)

# Addresses each server namespace puts on its lo.
declare -A NS_V4=( [dns]="$NS_PARENT_V4 $NS1_V4 $NS2_V4 $NS_NOAAAA_V4 $NS_UDPONLY_V4 $NS_GLUE_PARENT_V4 $NS_GLUE_CHILD_V4"
                   [resolver]="$RESOLVER_V4"
                   [web]="$WWW_V4 $WWW4_V4 $SPLIT_V4 $LITERAL_V4"
                   [mail]="$MX_V4 $MX4_V4 $NOTLS6_V4"
                   [sip]="$SIP_V4 $SIPV4C_V4 $SIP4_V4" )
declare -A NS_V6=( [dns]="$NS_PARENT_V6 $NS1_V6 $NS2_V6 $NS_UDPONLY_V6 $NS_GLUE_PARENT_V6 $NS_GLUE_CHILD_V6"
                   [resolver]="$RESOLVER_V6 $DNS64_V6"
                   [web]="$WWW_V6 $SPLIT_V6 $LITERAL_V6"
                   [mail]="$MX_V6 $NOTLS6_V6"
                   [sip]="$SIP_V6 $SIPV4C_V6" )
