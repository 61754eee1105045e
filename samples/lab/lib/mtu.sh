# The MTU path: servers behind a hop whose IPv6 MTU is 1280, with and without Packet Too Big.
#
#   gateway ==link 8, IPv6 MTU 1280== coexist-mtu ---- coexist-mtufw --+-- coexist-mtubh  (mtu-blackhole)
#                                     router, tayga    firewall        +-- coexist-mtuok  (mtu-ptb-ok)
#
# A server sends full-size (1500-byte) segments; coexist-mtu cannot forward them towards the
# gateway and answers with ICMPv6 Packet Too Big (RFC 4443 section 3.2), or, on the NAT64 path,
# its tayga turns that into ICMPv4 "fragmentation needed" (RFC 7915 section 5.2). coexist-mtufw
# forwards these to mtu-ptb-ok and drops them on their way to mtu-blackhole: a path MTU discovery
# black hole (RFC 2923 section 2.1), where the handshake and small answers pass and large ones stall.
# IPv4 crosses the hop at 1500 and works on both: the control.
# shellcheck shell=bash

MTU_DIR="$RUN_DIR/mtu"

mtu_firewall() {
  # Counters, so that a test can see the "too big" messages were really sent and dropped or passed.
  in_ns "$(ns_of mtufw)" nft -f - <<NFT || die "nftables rules of the MTU firewall failed"
table inet coexist_lab {
  chain forward {
    type filter hook forward priority 0; policy accept;
    ip6 daddr $MTU_BH_V6 icmpv6 type packet-too-big counter drop comment "ptb-dropped"
    ip daddr $MTU_BH_V4 icmp type destination-unreachable icmp code frag-needed counter drop comment "frag-needed-dropped"
    ip6 daddr $MTU_OK_V6 icmpv6 type packet-too-big counter accept comment "ptb-passed"
    ip daddr $MTU_OK_V4 icmp type destination-unreachable icmp code frag-needed counter accept comment "frag-needed-passed"
  }
}
NFT
}

# One nginx per server namespace: /small.txt fits in one packet, /large.bin needs dozens.
mtu_server_up() {   # role, IPv4, IPv6
  local role=$1 dir="$MTU_DIR/$1"
  mkdir -p "$dir/www" "$dir/tmp"
  echo "$role: small enough for any path" > "$dir/www/small.txt"
  # Printable and without long runs, so that nothing on the way could compress it.
  awk -v size="$MTU_LARGE_BYTES" 'BEGIN { while (length(text) < size) text = text sprintf("%07d\n", n++); printf "%s", substr(text, 1, size) }' \
    > "$dir/www/large.bin"
  cat > "$dir/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
    types { text/plain txt; }
    default_type application/octet-stream;
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen $2:$MTU_PORT;
        listen [$3]:$MTU_PORT;
        server_name $role.$ZONE;
        root $dir/www;
        location = /whoami { default_type text/plain; return 200 "\$remote_addr\n"; }
    }
}
CONF
  in_ns "$(ns_of "$role")" nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log" > "$dir/nginx.stderr" 2>&1 ||
    die "nginx of $role did not start: $(cat "$dir/nginx.stderr")"
}

mtu_up() {
  mtu_firewall
  mtu_server_up mtubh "$MTU_BH_V4" "$MTU_BH_V6"
  mtu_server_up mtuok "$MTU_OK_V4" "$MTU_OK_V6"
}

mtu_wait() {
  wait_listening "$(ns_of mtubh)" tcp "$MTU_BH_V6" "$MTU_PORT" "nginx of mtubh"
  wait_listening "$(ns_of mtuok)" tcp "$MTU_OK_V6" "$MTU_PORT" "nginx of mtuok"
}

DAEMONS+=("$MTU_DIR/mtubh/nginx.pid /usr/sbin/nginx" "$MTU_DIR/mtuok/nginx.pid /usr/sbin/nginx")
