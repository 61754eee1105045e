# Authoritative bind9 in the dns namespace. One named, two views chosen by destination address:
# "parent" serves the test. zone (delegations with glue, like a TLD) on a.nic.test only, and "child"
# serves every delegated zone on every other address. Views keep the parent's referrals real:
# a server that held both zones would answer child questions itself instead of referring.
# shellcheck shell=bash

AUTH_DIR="$RUN_DIR/dns/auth"
BIG_RRSET_SIZE=60   # AAAA records in big.coexist.test: 60 x 28 bytes > 1,232 (the DNS Flag Day 2020 EDNS size)

# A-and-AAAA lines for NAME with optional addresses.
rr_addr() { local name=$1 v4=$2 v6=${3:-}; [ -n "$v4" ] && echo "$name A $v4"; [ -n "$v6" ] && echo "$name AAAA $v6"; return 0; }
soa() { echo "\$TTL 300"; echo "@ SOA $1 hostmaster.$2. 1 3600 600 86400 300"; }

write_parent_zone() {
  {
    soa a.nic.test. nic.test
    echo "@ NS a.nic.test."
    rr_addr a.nic "$NS_PARENT_V4" "$NS_PARENT_V6"
    echo "; healthy: two name servers, glue for both families, equal to the child's data"
    echo "coexist NS ns1.coexist.test."; echo "coexist NS ns2.coexist.test."
    rr_addr ns1.coexist "$NS1_V4" "$NS1_V6"; rr_addr ns2.coexist "$NS2_V4" "$NS2_V6"
    echo "; one name server without AAAA"
    echo "ns-no-aaaa NS ns1.coexist.test."; echo "ns-no-aaaa NS ns.ns-no-aaaa.test."
    rr_addr ns.ns-no-aaaa "$NS_NOAAAA_V4"
    echo "; one name server that answers only over UDP"
    echo "udp-only NS ns1.coexist.test."; echo "udp-only NS ns.udp-only.test."
    rr_addr ns.udp-only "$NS_UDPONLY_V4" "$NS_UDPONLY_V6"
    echo "; glue that differs from the child's authoritative A/AAAA"
    echo "glue-mismatch NS ns1.coexist.test."; echo "glue-mismatch NS ns.glue-mismatch.test."
    rr_addr ns.glue-mismatch "$NS_GLUE_PARENT_V4" "$NS_GLUE_PARENT_V6"
    echo "; a signed child, with its DS"
    echo "signed NS ns1.coexist.test."; echo "signed NS ns2.coexist.test."
    cat "$AUTH_DIR/dsset-signed.test."
  } > "$AUTH_DIR/test.zone"
}

write_case_zone() {   # zone, its own name server's line(s)
  local zone=$1; shift
  {
    soa ns1.coexist.test. "$zone"
    echo "@ NS ns1.coexist.test."; echo "@ NS ns.$zone."
    "$@"
    rr_addr www "$WWW_V4" "$WWW_V6"
  } > "$AUTH_DIR/$zone.zone"
}

write_coexist_zone() {
  local i
  {
    soa ns1.coexist.test. "$ZONE"
    echo "@ NS ns1"; echo "@ NS ns2"
    rr_addr ns1 "$NS1_V4" "$NS1_V6"; rr_addr ns2 "$NS2_V4" "$NS2_V6"
    cat <<ZONE
; web
$(rr_addr www "$WWW_V4" "$WWW_V6")
$(rr_addr www-v4only "$WWW4_V4")
$(rr_addr www-split "$SPLIT_V4" "$SPLIT_V6")
$(rr_addr www-v4literal "$LITERAL_V4" "$LITERAL_V6")
; address cases
$(rr_addr mapped "$WWW_V4" "::ffff:$WWW_V4")
$(rr_addr private-v4 "$PRIVATE_V4" "$WWW_V6")
$(rr_addr ula "$WWW_V4" "$ULA_V6")
; mail: coexist.test is the healthy mail domain
@ MX 10 mx
@ TXT "v=spf1 ip4:$MX_V4 ip6:$MX_V6 -all"
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc-reports@$ZONE"
$(rr_addr mx "$MX_V4" "$MX_V6")
$(rr_addr mx-v4only "$MX4_V4")
$(rr_addr mx-notls6 "$NOTLS6_V4" "$NOTLS6_V6")
mail-v4only MX 10 mx-v4only
mail-v4only TXT "v=spf1 ip4:$MX4_V4 -all"
_dmarc.mail-v4only TXT "v=DMARC1; p=none"
; SPF does not cover the IPv6 sender, and no DMARC
mail-notls6 MX 10 mx-notls6
mail-notls6 TXT "v=spf1 ip4:$NOTLS6_V4 -all"
; RFC 7505 null MX
nullmx MX 0 .
nullmx TXT "v=spf1 -all"
_dmarc.nullmx TXT "v=DMARC1; p=reject"
; SIP: NAPTR -> SRV -> host, per RFC 3263
$(rr_addr sip "$SIP_V4" "$SIP_V6")
$(rr_addr sip-v4contact "$SIPV4C_V4" "$SIPV4C_V6")
$(rr_addr sip-v4only "$SIP4_V4")
; paths: the MTU-1280 hop (Packet Too Big dropped / passed) and the iperf3 servers
$(rr_addr mtu-blackhole "$MTU_BH_V4" "$MTU_BH_V6")
$(rr_addr mtu-ptb-ok "$MTU_OK_V4" "$MTU_OK_V6")
$(rr_addr bench "$BENCH_V4" "$BENCH_V6")
$(rr_addr bench-v4only "$BENCH_NAT64_V4")
ZONE
    local domain host
    for domain in "@:sip" "voip-v4contact:sip-v4contact" "voip-v4only:sip-v4only"; do
      host=${domain#*:}; domain=${domain%%:*}
      local suffix=""; [ "$domain" != @ ] && suffix=".$domain"
      echo "$domain NAPTR 10 10 \"S\" \"SIP+D2U\" \"\" _sip._udp$suffix.$ZONE."
      echo "$domain NAPTR 20 10 \"S\" \"SIP+D2T\" \"\" _sip._tcp$suffix.$ZONE."
      echo "_sip._udp$suffix SRV 10 10 5060 $host.$ZONE."
      echo "_sip._tcp$suffix SRV 10 10 5060 $host.$ZONE."
    done
    echo "; a large RRset: the answer needs TCP after a truncated UDP reply"
    for i in $(seq 1 "$BIG_RRSET_SIZE"); do echo "big AAAA 2001:db8:c0e:80::1:$i"; done
  } > "$AUTH_DIR/$ZONE.zone"
}

# Reverse zones hold fully qualified owners from arpaname, so no origin arithmetic is needed.
ptr() { echo "$(arpaname "$1"). PTR $2."; }
write_reverse_zones() {
  {
    soa ns1.coexist.test. "$ZONE"
    echo "@ NS ns1.$ZONE."; echo "@ NS ns2.$ZONE."
    ptr "$MX_V6" "mx.$ZONE"            # forward-confirmed: mx.coexist.test AAAA is this address
    ptr "$NOTLS6_V6" "mx.$ZONE"        # not forward-confirmed: mx.coexist.test has another AAAA
    ptr "$WWW_V6" "www.$ZONE"          # forward-confirmed
  } > "$AUTH_DIR/reverse6.zone"
  {
    soa ns1.coexist.test. "$ZONE"
    echo "@ NS ns1.$ZONE."; echo "@ NS ns2.$ZONE."
    ptr "$MX_V4" "mx.$ZONE"; ptr "$MX4_V4" "mx-v4only.$ZONE"; ptr "$NOTLS6_V4" "mx-notls6.$ZONE"
  } > "$AUTH_DIR/reverse4.zone"
}

# signed.test: www is A-only, dual has both. Keys are made afresh each time: ECDSA P-256 is instant.
sign_zone() {
  {
    soa ns1.coexist.test. signed.test
    echo "@ NS ns1.coexist.test."; echo "@ NS ns2.coexist.test."
    rr_addr www "$WWW_V4"
    rr_addr dual "$WWW_V4" "$WWW_V6"
  } > "$AUTH_DIR/signed.test.zone"
  rm -f "$AUTH_DIR"/Ksigned.test.* "$AUTH_DIR/dsset-signed.test."
  ( cd "$AUTH_DIR" &&
    dnssec-keygen -q -a ECDSAP256SHA256 -f KSK signed.test > ksk.name &&
    dnssec-keygen -q -a ECDSAP256SHA256 signed.test > zsk.name &&
    dnssec-signzone -q -S -K "$AUTH_DIR" -d "$AUTH_DIR" -o signed.test -f signed.test.zone.signed signed.test.zone
  ) > "$AUTH_DIR/sign.log" 2>&1 ||
    die "could not sign signed.test: $(cat "$AUTH_DIR/sign.log")"
}

# The KSK as a bind trust anchor (for the resolver), read from the key file.
signed_trust_anchor() {
  awk '$3 == "DNSKEY" { key = ""; for (i = 7; i <= NF; i++) key = key $i; printf "\"signed.test.\" static-key %s %s %s \"%s\";\n", $4, $5, $6, key }' \
    "$AUTH_DIR/$(cat "$AUTH_DIR/ksk.name").key"
}

write_auth_conf() {
  local zone child_zones=""
  for zone in "$ZONE" ns-no-aaaa.test udp-only.test glue-mismatch.test; do
    child_zones+="    zone \"$zone\" { type primary; file \"$AUTH_DIR/$zone.zone\"; };"$'\n'
  done
  cat > "$AUTH_DIR/named.conf" <<CONF
options {
    directory "$AUTH_DIR";
    pid-file "$AUTH_DIR/named.pid";
    listen-on { any; };
    listen-on-v6 { any; };
    recursion no;
    allow-query { any; };
    allow-transfer { none; };
    notify no;
    dnssec-validation no;
    check-names primary ignore;
    check-integrity no;     // broken delegations are the point
};
logging { channel file { file "$AUTH_DIR/named.log"; severity info; print-time yes; }; category default { file; }; };
view "parent" {
    match-destinations { $NS_PARENT_V4; $NS_PARENT_V6; };
    zone "test" { type primary; file "$AUTH_DIR/test.zone"; };
};
view "child" {
$child_zones    zone "signed.test" { type primary; file "$AUTH_DIR/signed.test.zone.signed"; };
    zone "$REVERSE6_ZONE" { type primary; file "$AUTH_DIR/reverse6.zone"; };
    zone "$REVERSE4_ZONE" { type primary; file "$AUTH_DIR/reverse4.zone"; };
};
CONF
}

dns_up() {
  mkdir -p "$AUTH_DIR"
  sign_zone
  write_parent_zone
  write_coexist_zone
  write_case_zone ns-no-aaaa.test rr_addr ns "$NS_NOAAAA_V4"
  write_case_zone udp-only.test rr_addr ns "$NS_UDPONLY_V4" "$NS_UDPONLY_V6"
  write_case_zone glue-mismatch.test rr_addr ns "$NS_GLUE_CHILD_V4" "$NS_GLUE_CHILD_V6"
  write_reverse_zones
  write_auth_conf
  chown -R bind:bind "$AUTH_DIR"
  # The UDP-only name server: TCP/53 to its addresses is refused with a reset (quick to see, unlike a drop).
  in_ns "$(ns_of dns)" nft -f - <<NFT || die "nftables rules for the UDP-only name server failed"
table inet coexist_lab {
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr $NS_UDPONLY_V4 tcp dport 53 reject with tcp reset
    ip6 daddr $NS_UDPONLY_V6 tcp dport 53 reject with tcp reset
  }
}
NFT
  in_ns "$(ns_of dns)" named -c "$AUTH_DIR/named.conf" -u bind > "$AUTH_DIR/named.stderr" 2>&1 ||
    die "authoritative named did not start: $(tail -5 "$AUTH_DIR/named.stderr") $(tail -5 "$AUTH_DIR/named.log" 2>/dev/null)"
}

dns_wait() { wait_listening "$(ns_of dns)" tcp "$NS1_V6" 53 "authoritative named"; }
DAEMONS+=("$AUTH_DIR/named.pid /usr/sbin/named")
