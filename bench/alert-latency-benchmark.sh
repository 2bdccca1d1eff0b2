#!/usr/bin/env bash
# SOS published -> its alert on the hub's live stream (SSE), p50/p99, while kiosks send LOAD_RATE
# (default 5,000) telemetry messages/s through the same broker and hub; one machine with broker,
# database and hub. Needs what scripts/test.sh needs (Debian, root); starts and stops its own
# TimescaleDB and Mosquitto. Results in bench/results/<time>/; figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD_RATE=${LOAD_RATE:-5000}
SOS_COUNT=${SOS_COUNT:-300}
SOS_INTERVAL_MS=${SOS_INTERVAL_MS:-200}
DEVICES=${DEVICES:-2000}
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

# shellcheck source=bench/services.sh
source bench/services.sh
start_services
# shellcheck source=bench/common.sh
source bench/common.sh

register_kiosks "$DEVICES"
"${PSQL[@]}" <<SQL
INSERT INTO devices (id, device_class, area_code, name)
 SELECT 'bench-e-' || g, 'ELDER_ALERT', '990101001001', 'bench elder ' || g FROM generate_series(0, $SOS_COUNT - 1) g
 ON CONFLICT DO NOTHING;
SQL
start_hub bench-alerts "$HUB_TEST_MQTT_URL"
note "machine: $(nproc) cores; hub heap $HEAP; load $LOAD_RATE messages/s over $DEVICES kiosks; $SOS_COUNT SOS, one every $SOS_INTERVAL_MS ms"
LOAD_SECONDS=$(( SOS_COUNT * SOS_INTERVAL_MS / 1000 + 40 ))
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- --rate "$LOAD_RATE" \
  --duration "$LOAD_SECONDS" --seq-offset "$(date +%s)000" --result "$OUT/load.json" >"$OUT/load.log" 2>&1 &
LOAD_PID=$!
BACKGROUND+=("$LOAD_PID")
sleep 15 # the hub settles at the load's rate
"${SIM[@]}" alert-latency --broker "$HUB_TEST_MQTT_URL" --hub "http://127.0.0.1:$HTTP_PORT" \
  --password bench-admin-password --count "$SOS_COUNT" --interval-ms "$SOS_INTERVAL_MS" \
  --result "$OUT/alert-latency.json" | tee -a "$OUT/summary.txt"
wait "$LOAD_PID"; LOAD_PID=
note "load: $(tail -1 "$OUT/load.log")"
note "hub: $(metric 'hub_ingest_messages_received_total') messages received; alert evaluation failures: $(metric 'hub_alerts_evaluation_failures_total')"
