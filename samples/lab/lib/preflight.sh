# The preflight: the lab must never take traffic the machine needs. Before anything is added,
# every prefix the lab puts into the root namespace (lab_root_prefixes) is compared with what the
# host already uses: its addresses and routes in every table, its default gateways, the name
# servers of /etc/resolv.conf and the addresses of the package registries. Overlap in either
# direction is enough to refuse: a /16 route that holds the lab counts, and so does a /32 inside it.
# Pure bash (no ipcalc, no python): the prerequisites stay Debian's base tools.
# shellcheck shell=bash

# Restores and package downloads run beside the lab's tests in CI: their registries must stay reachable.
REGISTRY_NAMES="api.nuget.org deb.debian.org registry.npmjs.org"
REGISTRY_LOOKUP_SECONDS=4

# Parses an address or prefix into PFAMILY (4|6), PHEX (8 or 32 hex digits) and PLEN; fails on
# anything else. Results go to variables, not output: the preflight parses many lines, and a
# subshell per parse would cost seconds on a busy machine.
prefix_bits() {
  local text=${1%%\%*} address   # a zone (%eth0) is not part of the address
  address=${text%/*}
  if [[ $address == *:* ]]; then PFAMILY=6; ipv6_hex "$address" || return 1
  else PFAMILY=4; ipv4_hex "$address" || return 1; fi
  PHEX=$HEX
  PLEN=$(( PFAMILY == 4 ? 32 : 128 ))
  if [[ $text == */* ]]; then
    [[ ${text#*/} =~ ^[0-9]{1,3}$ ]] && [ "${text#*/}" -le "$PLEN" ] || return 1
    PLEN=$(( 10#${text#*/} ))
  fi
}

ipv4_hex() {   # sets HEX
  local IFS=. o
  local -a octets
  read -ra octets <<< "$1"
  [ ${#octets[@]} -eq 4 ] || return 1
  for o in "${octets[@]}"; do [[ $o =~ ^[0-9]{1,3}$ ]] && [ "$((10#$o))" -le 255 ] || return 1; done
  printf -v HEX '%02x%02x%02x%02x' "$((10#${octets[0]}))" "$((10#${octets[1]}))" "$((10#${octets[2]}))" "$((10#${octets[3]}))"
}

ipv6_hex() {   # sets HEX
  local address=$1 head tail group out="" i missing compressed=0
  local -a left=() right=() groups=()
  if [[ $address == *.* ]]; then   # an IPv4 tail (::ffff:192.0.2.1) is the last two groups
    ipv4_hex "${address##*:}" || return 1
    address="${address%:*}:${HEX:0:4}:${HEX:4:4}"
  fi
  if [[ $address == *::* ]]; then
    compressed=1; head=${address%%::*}; tail=${address#*::}
    [[ $tail == *::* ]] && return 1
  else
    head=$address; tail=""
  fi
  [ -n "$head" ] && IFS=: read -ra left <<< "$head"
  [ -n "$tail" ] && IFS=: read -ra right <<< "$tail"
  missing=$(( 8 - ${#left[@]} - ${#right[@]} ))
  if [ $compressed = 1 ]; then [ $missing -ge 1 ] || return 1; else [ $missing -eq 0 ] || return 1; fi
  groups=("${left[@]}")
  for ((i = 0; i < missing; i++)); do groups+=(0); done
  groups+=("${right[@]}")
  for group in "${groups[@]}"; do
    [[ $group =~ ^[0-9a-fA-F]{1,4}$ ]] || return 1
    printf -v group '%04x' "0x$group"
    out+=$group
  done
  HEX=$out
}

# Whether two parsed prefixes share an address: same family, and their first min(length) bits equal.
bits_overlap() {   # family hex length family hex length
  local bits whole rest mask
  [ "$1" = "$4" ] || return 1
  bits=$(( $3 < $6 ? $3 : $6 )); whole=$(( bits / 4 )); rest=$(( bits % 4 ))
  [ "${2:0:whole}" = "${5:0:whole}" ] || return 1
  [ $rest -eq 0 ] && return 0
  mask=$(( (0xf << (4 - rest)) & 0xf ))
  [ $(( 0x${2:whole:1} & mask )) -eq $(( 0x${5:whole:1} & mask )) ]
}

# Whether two prefixes (or addresses) overlap. Unparseable input never overlaps.
prefixes_overlap() {
  local PFAMILY PHEX PLEN HEX a
  prefix_bits "$1" || return 1
  a="$PFAMILY $PHEX $PLEN"
  prefix_bits "$2" || return 1
  # shellcheck disable=SC2086
  bits_overlap $a "$PFAMILY" "$PHEX" "$PLEN"
}

# What the host uses, one "PREFIX WHAT" per line. IGNORE is the lab's own link (there when it is up).
host_in_use() {
  local ignore=$1 family line type prefix dev table gateway name
  local -a words
  ip -o addr show | awk -v ignore="$ignore" '{ dev = $2; sub(/@.*/, "", dev) } ($3 == "inet" || $3 == "inet6") && dev != ignore { print $4, "address on " dev }'
  for family in -4 -6; do
    while read -r line; do
      read -ra words <<< "$line"
      type=""; prefix=${words[0]}
      case $prefix in
        unicast|local|broadcast|anycast|multicast|unreachable|blackhole|prohibit|throw|nat) type="$prefix "; prefix=${words[1]} ;;
      esac
      dev=$(word_after dev "${words[@]}"); table=$(word_after table "${words[@]}")
      if [ -n "$ignore" ] && [ "$dev" = "$ignore" ]; then continue; fi
      if [ "$prefix" = default ] || [ "$prefix" = 0.0.0.0/0 ] || [ "$prefix" = ::/0 ]; then
        # A default route overlaps everything by definition; what matters is where it leads.
        for gateway in $(words_after via "${words[@]}"); do echo "$gateway default gateway${dev:+ on $dev}"; done
        continue
      fi
      echo "$prefix ${type}route${dev:+ dev $dev}${table:+ table $table}"
    done < <(ip -o "$family" route show table all 2>/dev/null)
  done
  if [ -r /etc/resolv.conf ]; then awk '$1 == "nameserver" { print $2, "name server in /etc/resolv.conf" }' /etc/resolv.conf; fi
  # In parallel, each with a deadline: on a host whose resolver does not answer, 3 x 4 s would add up.
  for name in $REGISTRY_NAMES; do registry_addresses "$name" & done
  wait
}

# A registry that does not resolve here cannot be shadowed either: failures are ignored. Without an
# IPv4 address of its own, a host gets IPv4 answers as ::ffff:a.b.c.d (RFC 4291 section 2.5.5.2).
registry_addresses() {
  local name=$1 address
  for address in $(timeout "$REGISTRY_LOOKUP_SECONDS" getent ahosts "$name" 2>/dev/null |
                   awk '{ if ($1 ~ /^::ffff:[0-9.]+$/) sub(/^::ffff:/, "", $1); print $1 }' | sort -u); do
    echo "$address address of $name, a package registry"
  done
}

word_after() {
  local key=$1 found=0 word; shift
  for word; do
    if [ $found = 1 ]; then echo "$word"; return 0; fi
    if [ "$word" = "$key" ]; then found=1; fi
  done
  return 0
}
# Every word after KEY (a multipath route has several "via"); "via inet6 ADDR" names the family first.
words_after() {
  local key=$1 take=0 word; shift
  for word; do
    if [ $take = 1 ]; then
      case $word in inet|inet6) continue ;; esac
      echo "$word"; take=0
    fi
    if [ "$word" = "$key" ]; then take=1; fi
  done
  return 0
}

# Reads "PREFIX WHAT" lines and prints the first that overlaps one of the lab prefixes given, as a
# one-line reason. Returns 1 when nothing overlaps. Lines that do not parse are skipped.
first_overlap() {
  local used what i PFAMILY PHEX PLEN HEX
  local -a labs=("$@") parsed=()
  for i in "${!labs[@]}"; do
    prefix_bits "${labs[i]}" || { echo "lab prefix ${labs[i]} does not parse"; return 0; }
    parsed[i]="$PFAMILY $PHEX $PLEN"
  done
  while read -r used what; do
    prefix_bits "$used" || continue
    for i in "${!labs[@]}"; do
      # shellcheck disable=SC2086
      if bits_overlap ${parsed[i]} "$PFAMILY" "$PHEX" "$PLEN"; then
        echo "the lab's ${labs[i]} overlaps $used ($what)"
        return 0
      fi
    done
  done
  return 1
}

# The preflight itself: prints the reason and fails when the lab must not start on this host.
preflight() {
  local used reason
  # Collected first: first_overlap stops at the first hit, and a pipe would break under the writer.
  used=$(host_in_use "$HOST_IF")
  # shellcheck disable=SC2046
  if reason=$(first_overlap $(lab_root_prefixes) <<< "$used"); then
    echo "refusing to start: $reason"
    return 1
  fi
}
