#!/usr/bin/env bash
# Starts the real services the tests need on a Debian machine without a Docker engine:
#   - TimescaleDB: Debian 13's postgresql-17 + postgresql-17-timescaledb in a debootstrap root,
#     built once and cached outside the clone (HUB_TEST_CACHE), started with chroot + pg_ctl;
#   - Mosquitto: Debian's package, with scripts/mosquitto-test.conf.
# Each on a free loopback port. Source this file, then call start_services / stop_services.
# start_services exports HUB_TEST_DB_URL, HUB_TEST_MQTT_URL and the commands fault tests use to stop
# and start the database and the broker (HUB_TEST_DB_STOP/START, HUB_TEST_MQTT_STOP/START).

HUB_TEST_CACHE="${HUB_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/community-iot-hub}"
TSDB_ROOT="$HUB_TEST_CACHE/timescaledb-trixie"
PG_BIN=/usr/lib/postgresql/17/bin

log() { printf '[test-services] %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

install_packages() {
  local missing=()
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_root() {
  if [ -f "$TSDB_ROOT/.hub-root-complete" ]; then
    log "reusing the TimescaleDB root in $TSDB_ROOT"
    return
  fi
  log "building a Debian 13 root with PostgreSQL 17 and TimescaleDB in $TSDB_ROOT (about a minute, once)"
  mkdir -p "$HUB_TEST_CACHE"
  rm -rf "$TSDB_ROOT.partial"
  PATH="$PATH:/usr/sbin:/sbin" debootstrap --variant=minbase \
    --include=postgresql-17,postgresql-17-timescaledb trixie "$TSDB_ROOT.partial" >"$HUB_TEST_CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$HUB_TEST_CACHE/debootstrap.log" >&2; return 1; }
  rm -rf "$TSDB_ROOT"
  mv "$TSDB_ROOT.partial" "$TSDB_ROOT"
  touch "$TSDB_ROOT/.hub-root-complete"
}

start_database() {
  HUB_TEST_PG_PORT=$(free_port)
  HUB_TEST_PG_DIR="/run/hub-test-$$"
  local dir="$TSDB_ROOT$HUB_TEST_PG_DIR"
  rm -rf "$dir"
  mkdir -p "$dir"
  chroot "$TSDB_ROOT" chown postgres "$HUB_TEST_PG_DIR"
  chroot "$TSDB_ROOT" su postgres -c "$PG_BIN/initdb -A trust -U postgres -D $HUB_TEST_PG_DIR/data" >/dev/null
  HUB_TEST_DB_START="chroot $TSDB_ROOT su postgres -c \"$PG_BIN/pg_ctl -D $HUB_TEST_PG_DIR/data -l $HUB_TEST_PG_DIR/postgres.log -w -o '-c shared_preload_libraries=timescaledb -c timescaledb.telemetry_level=off -p $HUB_TEST_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$HUB_TEST_PG_DIR -c max_connections=200' start\""
  HUB_TEST_DB_STOP="chroot $TSDB_ROOT su postgres -c \"$PG_BIN/pg_ctl -D $HUB_TEST_PG_DIR/data -m fast -w stop\""
  eval "$HUB_TEST_DB_START" >/dev/null
  chroot "$TSDB_ROOT" psql -h 127.0.0.1 -p "$HUB_TEST_PG_PORT" -U postgres -qAt -c "CREATE DATABASE hub" >/dev/null
  local version
  version=$(chroot "$TSDB_ROOT" psql -h 127.0.0.1 -p "$HUB_TEST_PG_PORT" -U postgres -d hub -qAt \
    -c "CREATE EXTENSION IF NOT EXISTS timescaledb" \
    -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', TimescaleDB ' || extversion FROM pg_extension WHERE extname = 'timescaledb'")
  log "database: $version on 127.0.0.1:$HUB_TEST_PG_PORT"
  export HUB_TEST_DB_URL="jdbc:postgresql://127.0.0.1:$HUB_TEST_PG_PORT/hub"
  export HUB_TEST_DB_START HUB_TEST_DB_STOP
}

start_broker() {
  HUB_TEST_MQTT_PORT=$(free_port)
  HUB_TEST_MQTT_DIR=$(mktemp -d /tmp/hub-test-mosquitto.XXXXXX)
  chmod 777 "$HUB_TEST_MQTT_DIR" # mosquitto drops root privileges to its own user
  {
    cat "$(dirname "${BASH_SOURCE[0]}")/mosquitto-test.conf"
    echo "listener $HUB_TEST_MQTT_PORT 127.0.0.1"
    echo "persistence true"
    echo "persistence_location $HUB_TEST_MQTT_DIR/"
    echo "pid_file $HUB_TEST_MQTT_DIR/mosquitto.pid"
    echo "log_dest file $HUB_TEST_MQTT_DIR/mosquitto.log"
    # benchmarks may override settings, e.g. a larger max_packet_size (the last value wins)
    printf '%s\n' "${HUB_TEST_MQTT_EXTRA_CONF:-}"
  } >"$HUB_TEST_MQTT_DIR/mosquitto.conf"
  HUB_TEST_MQTT_START="/usr/sbin/mosquitto -d -c $HUB_TEST_MQTT_DIR/mosquitto.conf"
  HUB_TEST_MQTT_STOP="pid=\$(cat $HUB_TEST_MQTT_DIR/mosquitto.pid) && kill \$pid && while kill -0 \$pid 2>/dev/null; do sleep 0.1; done"
  eval "$HUB_TEST_MQTT_START"
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$HUB_TEST_MQTT_PORT") 2>/dev/null; then
      log "broker: $(/usr/sbin/mosquitto -h 2>/dev/null | head -1) on 127.0.0.1:$HUB_TEST_MQTT_PORT"
      export HUB_TEST_MQTT_URL="tcp://127.0.0.1:$HUB_TEST_MQTT_PORT"
      export HUB_TEST_MQTT_START HUB_TEST_MQTT_STOP
      return
    fi
    sleep 0.1
  done
  cat "$HUB_TEST_MQTT_DIR/mosquitto.log" >&2
  return 1
}

start_services() {
  install_packages
  build_root
  start_database
  start_broker
}

stop_services() {
  if [ -n "${HUB_TEST_MQTT_DIR:-}" ]; then
    eval "$HUB_TEST_MQTT_STOP" >/dev/null 2>&1 || true
    rm -rf "$HUB_TEST_MQTT_DIR"
    HUB_TEST_MQTT_DIR=
  fi
  if [ -n "${HUB_TEST_PG_DIR:-}" ]; then
    eval "$HUB_TEST_DB_STOP" >/dev/null 2>&1 || true
    rm -rf "${TSDB_ROOT:?}$HUB_TEST_PG_DIR"
    HUB_TEST_PG_DIR=
  fi
}
