# nginx in the web namespace: one server block per site and family, so each case is visible
# in one place. Every site answers /whoami with the client address it saw (the NAT64 pool
# address when the request came through tayga).
# shellcheck shell=bash

WEB_DIR="$RUN_DIR/web"

# server_block NAME ROOT ADDRESS... : HTTP on 80 and HTTPS on 443 on each address.
server_block() {
  local name=$1 root=$2 addr listen=""; shift 2
  for addr in "$@"; do
    addr=$(host_port_form "$addr")
    listen+="        listen $addr:80;"$'\n'"        listen $addr:443 ssl;"$'\n'
  done
  cat <<CONF
    server {
$listen        server_name $name.$ZONE;
        root $WEB_DIR/$root;
        location = /whoami { default_type text/plain; return 200 "\$remote_addr\n"; }
    }
CONF
}

page() {   # directory, site, text, extra head
  mkdir -p "$WEB_DIR/$1"
  printf '<!doctype html>\n<html><head><title>%s</title>%s</head>\n<body><p id="site">%s</p></body></html>\n' \
    "$2.$ZONE" "${4:-}" "$3" > "$WEB_DIR/$1/index.html"
}

web_up() {
  mkdir -p "$WEB_DIR"
  page www www "www: the same page over IPv4 and IPv6"
  page www-v4only www-v4only "www-v4only: served on IPv4 only"
  echo "document.getElementById('site').dataset.script = 'loaded';" > "$WEB_DIR/www-v4only/app.js"
  page split-v4 www-split "www-split over IPv4"
  page split-v6 www-split "www-split over IPv6: a different site"
  page www-v4literal www-v4literal "www-v4literal: pulls a script from an IPv4 literal" \
    "<script src=\"http://$WWW4_V4/app.js\"></script>"
  cat > "$WEB_DIR/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $WEB_DIR/nginx.pid;
error_log $WEB_DIR/error.log;
events { worker_connections 128; }
http {
    types { text/html html; application/javascript js; }
    default_type application/octet-stream;
    access_log $WEB_DIR/access.log;
    client_body_temp_path $WEB_DIR/tmp/body;
    proxy_temp_path $WEB_DIR/tmp/proxy;
    fastcgi_temp_path $WEB_DIR/tmp/fastcgi;
    uwsgi_temp_path $WEB_DIR/tmp/uwsgi;
    scgi_temp_path $WEB_DIR/tmp/scgi;
    ssl_certificate $SERVER_CERT;
    ssl_certificate_key $SERVER_KEY;
$(server_block www www "$WWW_V4" "$WWW_V6")
$(server_block www-v4only www-v4only "$WWW4_V4")
$(server_block www-split split-v4 "$SPLIT_V4")
$(server_block www-split split-v6 "$SPLIT_V6")
$(server_block www-v4literal www-v4literal "$LITERAL_V4" "$LITERAL_V6")
}
CONF
  mkdir -p "$WEB_DIR/tmp"
  in_ns "$(ns_of web)" nginx -c "$WEB_DIR/nginx.conf" -p "$WEB_DIR" -e "$WEB_DIR/error.log" > "$WEB_DIR/nginx.stderr" 2>&1 ||
    die "nginx did not start: $(cat "$WEB_DIR/nginx.stderr")"
}

web_wait() { wait_listening "$(ns_of web)" tcp "$LITERAL_V6" 443 nginx; }
DAEMONS+=("$WEB_DIR/nginx.pid /usr/sbin/nginx")
