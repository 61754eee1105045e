# Recursive bind9 in the resolver namespace. One named, two views chosen by destination address:
# "dns64" (IPv6 only) synthesizes AAAA under the NAT64 prefix and serves ipv4only.arpa (RFC 7050);
# "plain" is an ordinary recursive resolver, so probes can tell real AAAA from synthesized ones.
# Without internet there is no root: static-stub zones send the lab's names to the lab's servers,
# and the resolver iterates from there (parent referral, glue, child), as a real one would.
# Every other name gets an immediate NXDOMAIN from an empty local root zone, instead of timing
# out towards unreachable root servers (postfix looks up its clients' names, for one).
# Both views validate signed.test with its KSK as a trust anchor.
# shellcheck shell=bash

RESOLVER_DIR="$RUN_DIR/dns/resolver"

resolver_view_body() {
  cat <<CONF
    recursion yes;
    zone "." { type primary; file "$RESOLVER_DIR/root.zone"; };
    zone "test" { type static-stub; server-addresses { $NS_PARENT_V4; $NS_PARENT_V6; }; };
    zone "$REVERSE6_ZONE" { type static-stub; server-addresses { $NS1_V4; $NS1_V6; $NS2_V4; $NS2_V6; }; };
    zone "$REVERSE4_ZONE" { type static-stub; server-addresses { $NS1_V4; $NS1_V6; $NS2_V4; $NS2_V6; }; };
CONF
}

resolver_up() {
  local anchor
  anchor=$(signed_trust_anchor)
  [ -n "$anchor" ] || die "no KSK found for the signed.test trust anchor"
  mkdir -p "$RESOLVER_DIR"
  printf '$TTL 300\n@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 300\n@ NS localhost.\nlocalhost. A 127.0.0.1\n' \
    > "$RESOLVER_DIR/root.zone"
  cat > "$RESOLVER_DIR/ipv4only.arpa.zone" <<ZONE
\$TTL 300
@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 300
@ NS localhost.
; RFC 7050 section 2.2: the well-known IPv4-only name and its two addresses
@ A 192.0.0.170
@ A 192.0.0.171
ZONE
  cat > "$RESOLVER_DIR/named.conf" <<CONF
options {
    directory "$RESOLVER_DIR";
    pid-file "$RESOLVER_DIR/named.pid";
    listen-on { $RESOLVER_V4; };
    listen-on-v6 { $RESOLVER_V6; $DNS64_V6; };
    allow-query { any; };
    allow-recursion { any; };
    dnssec-validation yes;
    // The lab answers for documentation ranges that bind would otherwise answer with empty zones.
    empty-zones-enable no;
};
trust-anchors {
    $anchor
};
logging { channel file { file "$RESOLVER_DIR/named.log"; severity info; print-time yes; }; category default { file; }; };
view "dns64" {
    match-destinations { $DNS64_V6; };
    dns64 $NAT64_PREFIX { clients { any; }; };
$(resolver_view_body)
    zone "ipv4only.arpa" { type primary; file "$RESOLVER_DIR/ipv4only.arpa.zone"; };
};
view "plain" {
$(resolver_view_body)
};
CONF
  chown -R bind:bind "$RESOLVER_DIR"
  in_ns "$(ns_of resolver)" named -c "$RESOLVER_DIR/named.conf" -u bind > "$RESOLVER_DIR/named.stderr" 2>&1 ||
    die "resolver named did not start: $(tail -5 "$RESOLVER_DIR/named.stderr") $(tail -5 "$RESOLVER_DIR/named.log" 2>/dev/null)"
}

resolver_wait() { wait_listening "$(ns_of resolver)" udp "$DNS64_V6" 53 "resolver named"; }
DAEMONS+=("$RESOLVER_DIR/named.pid /usr/sbin/named")
