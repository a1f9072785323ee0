#!/bin/sh
# A real single-node Ceph (Debian's ceph-mon, ceph-mgr, ceph-osd 16.x) for tests: one mon on
# 127.0.0.1, one memstore OSD (no disk), one mgr, pool size 1, no cephx. Everything it makes
# lives under its own folder and its own ceph.conf; nothing under /etc/ceph is read or written.
#
#   scripts/ceph-test-cluster.sh up     starts it, or reuses the one that already answers;
#                                       prints `CEPH_CONF=<dir>/ceph.conf` and `FSID=<fsid>`
#   scripts/ceph-test-cluster.sh down   stops its daemons and removes its folder
#
# Environment: CEPH_TEST_DIR (default /tmp/zstack-ceph-test), CEPH_TEST_MON_PORT (default
# 16789, away from a real mon's 6789/3300), CEPH_TEST_OSD_BYTES (memstore size, default 1 GiB).
# Test files in parallel call `up` together: a lock beside the folder lets one build and the
# others reuse.
set -eu

DIR=${CEPH_TEST_DIR:-/tmp/zstack-ceph-test}
PORT=${CEPH_TEST_MON_PORT:-16789}
OSD_BYTES=${CEPH_TEST_OSD_BYTES:-1073741824}
CONF=$DIR/ceph.conf
LOCK=$DIR.lock
export CEPH_CONF="$CONF"

ceph_cmd() { ceph --conf "$CONF" --connect-timeout 10 "$@"; }

install_if_missing() {
  missing=""
  command -v ceph-mon >/dev/null 2>&1 || missing="$missing ceph-mon"
  command -v ceph-mgr >/dev/null 2>&1 || missing="$missing ceph-mgr"
  command -v ceph-osd >/dev/null 2>&1 || missing="$missing ceph-osd"
  command -v ceph >/dev/null 2>&1 || missing="$missing ceph-common"
  [ -z "$missing" ] && return 0
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2 ||
    { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2; }
}

# The cluster answers and has its OSD up and in: reuse it as it is.
healthy() {
  [ -f "$CONF" ] || return 1
  ceph_cmd osd stat --format json 2>/dev/null | grep -q '"num_up_osds":1'
}

stop_daemons() {
  for pidfile in "$DIR"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # Only our daemons: the pid must still run a ceph program with our conf.
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$CONF"; then
      kill "$pid" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do [ -d "/proc/$pid" ] || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}

write_conf() {
  cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$PORT]
mon initial members = a
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
run dir = $DIR/run
pid file = $DIR/run/\$name.pid
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
keyring = $DIR/keyring
mon data = $DIR/mon/\$name
mgr data = $DIR/mgr/\$name
osd data = $DIR/osd/\$name
osd objectstore = memstore
memstore device bytes = $OSD_BYTES
osd pool default size = 1
osd pool default min size = 1
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
# A test machine's disk is often fuller than a mon likes; it must not stop for that.
mon data avail warn = 1
mon data avail crit = 0
EOF
}

# The daemons are started with the lock's descriptor closed (9>&-): they outlive this script
# and would otherwise hold the lock for ever.
create() {
  stop_daemons
  rm -rf "$DIR"
  mkdir -p "$DIR/run" "$DIR/log" "$DIR/mon/mon.a" "$DIR/mgr/mgr.x" "$DIR/osd/osd.0"
  FSID=$(cat /proc/sys/kernel/random/uuid)
  write_conf
  ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$PORT]" "$DIR/monmap" >/dev/null
  ceph-mon --conf "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring"
  ceph-mon --conf "$CONF" -i a 9>&-
  ceph_cmd osd create >/dev/null
  ceph-osd --conf "$CONF" -i 0 --mkfs
  ceph-osd --conf "$CONF" -i 0 9>&-
  ceph-mgr --conf "$CONF" -i x 9>&-
  ceph_cmd osd crush add osd.0 1.0 host=localhost >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do
    if healthy && ceph_cmd df --format json 2>/dev/null | grep -q '"total_bytes":[1-9]'; then return 0; fi
    sleep 0.5
  done
  echo "ceph-test-cluster: the cluster did not come up; logs in $DIR/log" >&2
  return 1
}

up() {
  install_if_missing
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$LOCK"
  flock 9
  healthy || create
  echo "CEPH_CONF=$CONF"
  echo "FSID=$(ceph_cmd fsid)"
}

down() {
  exec 9>"$LOCK"
  flock 9
  stop_daemons
  rm -rf "$DIR"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
