# A test CA made by the lab and one server certificate for every web and mail name.
# Kept across runs (only the CA's path matters to clients), remade when missing or about to expire.
# shellcheck shell=bash

TLS_DIR="$RUN_DIR/tls"
CA_CERT="$TLS_DIR/ca.crt"
SERVER_CERT="$TLS_DIR/server.crt"
SERVER_KEY="$TLS_DIR/server.key"
TLS_NAMES="www www-v4only www-split www-v4literal mx mx-v4only mx-notls6"

tls_up() {
  local sans="" name
  mkdir -p "$TLS_DIR"
  if [ -f "$CA_CERT" ] && [ -f "$SERVER_CERT" ] && openssl x509 -checkend 86400 -noout -in "$SERVER_CERT" > /dev/null 2>&1; then
    return 0
  fi
  for name in $TLS_NAMES; do sans+="${sans:+,}DNS:$name.$ZONE"; done
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -keyout "$TLS_DIR/ca.key" -out "$CA_CERT" -subj "/O=Coexist lab/CN=Coexist lab test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2> "$TLS_DIR/openssl.log" ||
    die "could not make the test CA: $(cat "$TLS_DIR/openssl.log")"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$SERVER_KEY" -out "$TLS_DIR/server.csr" -subj "/O=Coexist lab/CN=www.$ZONE" \
    -addext "subjectAltName=$sans" -addext basicConstraints=critical,CA:FALSE \
    -addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth 2>> "$TLS_DIR/openssl.log" &&
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$CA_CERT" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 29 -copy_extensions copy -out "$SERVER_CERT" 2>> "$TLS_DIR/openssl.log" ||
    die "could not make the server certificate: $(cat "$TLS_DIR/openssl.log")"
  chmod 600 "$TLS_DIR/ca.key" "$SERVER_KEY"
}
