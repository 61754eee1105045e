#!/usr/bin/env bash
# Tears the lab down in reverse: daemons by their pid files, then the namespaces (every one named
# coexist-*, also from a crashed run), the root namespace's link and routes, /etc/netns entries.
#
# usage: down.sh                  tear down now
#        down.sh --release PID    PID no longer uses the lab; tear down only if no other live holder remains
set -euo pipefail
. "$(dirname "$0")/lib/lab.sh"

require_root
take_lock
if [ "${1:-}" = --release ]; then
  rm -f "$HOLDERS_DIR/${2:?--release needs a process id}"
  others=$(live_holders | tr '\n' ' ')
  if [ -n "${others// /}" ]; then
    log "still used by $others; left up"
    exit 0
  fi
elif [ -n "${1:-}" ]; then
  die "usage: down.sh [--release PID]"
fi
lab_teardown
rm -rf "$HOLDERS_DIR"
log "down"
