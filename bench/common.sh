#!/usr/bin/env bash
# What the benchmarks share; source it after bench/services.sh and start_services, with OUT set.
# Builds the hub (unless HUB_APP names another build) and the simulators, and defines:
#   SIM, PSQL, HTTP_PORT, MANAGEMENT_PORT (health, metrics), note, metric, start_hub CLIENT_ID [BROKER_URL],
#   stop_hub, register_kiosks
HUB_APP=${HUB_APP:-target/quarkus-app}
HEAP=${HEAP:-512m}
[ "$HUB_APP" != target/quarkus-app ] || mvn -B -q -DskipTests package
mvn -B -q -f device-simulators/pom.xml -DskipTests package
SIM=(java -cp "device-simulators/target/device-simulators-0.1.0-SNAPSHOT.jar:device-simulators/target/lib/*"
     org.communityhub.simulators.Simulators)
PSQL=(chroot "$TSDB_ROOT" psql -h 127.0.0.1 -p "$HUB_TEST_PG_PORT" -U postgres -d hub -qAt)
HTTP_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
HUB_PID=

note() { printf '%s\n' "$*" | tee -a "$OUT/summary.txt"; }
metric() { # $1: a Prometheus line prefix; prints the running hub's value
  curl -sf "localhost:$MANAGEMENT_PORT/q/metrics" | awk -v p="$1" 'index($0, p) == 1 {print $NF}' | head -1
}

start_hub() { # $1: client id; $2: broker URL (empty: the hub's embedded broker)
  env ${2:+HUB_MQTT_URL=$2} HUB_EMBEDDED_MQTT_PORT="$(free_port)" HUB_DATA_DIR="$OUT/hub-data" \
    HUB_DB_URL="$HUB_TEST_DB_URL" HUB_ADMIN_PASSWORD=bench-admin-password \
    HUB_HTTP_PORT="$HTTP_PORT" HUB_MANAGEMENT_PORT="$MANAGEMENT_PORT" HUB_MQTT_CLIENT_ID="$1" \
    java "-Xmx$HEAP" -jar "$HUB_APP/quarkus-run.jar" >>"$OUT/hub-$1.log" 2>&1 &
  HUB_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "localhost:$MANAGEMENT_PORT/q/health/ready" >/dev/null && return
    kill -0 "$HUB_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "the hub did not become ready; see $OUT/hub-$1.log" >&2
  return 1
}

stop_hub() { kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true; HUB_PID=; }

register_kiosks() { # $1: how many, as bench-k-0 …, in an area branch of their own; the hub migrates first
  start_hub bench-migrate "" # with its embedded broker, so that no session of it queues on Mosquitto
  "${PSQL[@]}" <<SQL
INSERT INTO areas (code, name, level, parent_code, kind) VALUES
 ('990000000000', '基准省', 'PROVINCE', NULL, 'URBAN'), ('990100000000', '基准市', 'CITY', '990000000000', 'URBAN'),
 ('990101000000', '基准区', 'COUNTY', '990100000000', 'URBAN'), ('990101001000', '基准街道', 'STREET', '990101000000', 'URBAN'),
 ('990101001001', '基准社区', 'COMMUNITY', '990101001000', 'URBAN') ON CONFLICT DO NOTHING;
INSERT INTO devices (id, device_class, area_code, name)
 SELECT 'bench-k-' || g, 'KIOSK', '990101001001', 'bench kiosk ' || g FROM generate_series(0, $1 - 1) g ON CONFLICT DO NOTHING;
SQL
  stop_hub
}
