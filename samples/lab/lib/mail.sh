# postfix in the mail namespace: one private instance, one smtpd listener per address, each with
# its own host name (so the banner says which MTA answered) and its own STARTTLS setting.
# It never delivers: every recipient is rejected and every transport is the error transport.
# shellcheck shell=bash

MAIL_DIR="$RUN_DIR/mail"

smtpd_listener() {   # address, host name, tls level (may|none)
  printf '%s:smtp inet n - n - - smtpd\n  -o myhostname=%s.%s\n  -o smtpd_tls_security_level=%s\n' "$(host_port_form "$1")" "$2" "$ZONE" "$3"
}

mail_up() {
  mkdir -p "$MAIL_DIR/queue" "$MAIL_DIR/data"
  chown postfix "$MAIL_DIR/data"
  cat > "$MAIL_DIR/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $MAIL_DIR/queue
data_directory = $MAIL_DIR/data
# No syslog in a namespace: postlog writes to the master's stdout, which is postfix.log.
maillog_file = /dev/stdout
inet_protocols = all
myhostname = mx.$ZONE
mydomain = $ZONE
mydestination =
relayhost =
relay_domains =
alias_maps =
alias_database =
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
local_transport = error:the lab never delivers mail
default_transport = error:the lab never delivers mail
smtpd_tls_cert_file = $SERVER_CERT
smtpd_tls_key_file = $SERVER_KEY
smtpd_tls_security_level = may
smtpd_banner = \$myhostname ESMTP coexist lab
CONF
  {
    smtpd_listener "$MX_V4" mx may
    smtpd_listener "$MX_V6" mx may
    smtpd_listener "$MX4_V4" mx-v4only may
    smtpd_listener "$NOTLS6_V4" mx-notls6 may
    smtpd_listener "$NOTLS6_V6" mx-notls6 none
    cat <<'MASTER'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTER
  } > "$MAIL_DIR/master.cf"
  # start-fg keeps the master in the foreground; the pid file is queue/pid/master.pid.
  # A subshell that becomes the daemon (exec), so that nothing of up.sh (its lock) lingers with it.
  ( exec 9>&- < /dev/null > "$MAIL_DIR/postfix.log" 2>&1; exec ip netns exec "$(ns_of mail)" postfix -c "$MAIL_DIR" start-fg ) &
}

mail_wait() { wait_listening "$(ns_of mail)" tcp "$NOTLS6_V6" 25 postfix; }
DAEMONS+=("$MAIL_DIR/queue/pid/master.pid /usr/lib/postfix/sbin/master")
