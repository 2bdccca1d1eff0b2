#!/usr/bin/env bash
# An EMERGENCY broadcast to UNITS (default 12,200: a province's broadcast units) simulated over shared
# connections, beside LOAD_RATE (default 2,500) kiosk telemetry messages/s, then a CAP 1.2 alert to
# the same county, on one machine with broker, database and hub. Measures from the request: every PLAY
# published (broker PUBACK), the share played (PLAYBACK_STARTED received) over time, the CAP's time
# to reach the units, and that every telemetry message was stored. Needs what scripts/test.sh needs
# (Debian, root); starts and stops its own TimescaleDB and Mosquitto. Results in bench/results/<time>/;
# figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
UNITS=${UNITS:-12200}
LOAD_RATE=${LOAD_RATE:-2500}
KIOSKS=${KIOSKS:-2000}
SHARED_CONNECTIONS=${SHARED_CONNECTIONS:-8}
BROADCAST_AT=${BROADCAST_AT:-60}   # seconds into the fleet's run
CAP_AT=${CAP_AT:-120}
RUN_SECONDS=${RUN_SECONDS:-180}
BROKER_NICE=${BROKER_NICE:-}       # e.g. -10: the broker's scheduling priority raised over everything else's
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

# shellcheck source=bench/services.sh
source bench/services.sh
start_services
# shellcheck source=bench/common.sh
source bench/common.sh

if [ -n "$BROKER_NICE" ]; then renice -n "$BROKER_NICE" -p "$(cat "$HUB_TEST_MQTT_DIR/mosquitto.pid")" >/dev/null; fi
register_kiosks "$KIOSKS"
# the units: county 990102 of the bench province, 20 streets of 10 communities, UNITS spread over them
"${PSQL[@]}" <<SQL
INSERT INTO areas (code, name, level, parent_code, kind)
 VALUES ('990102000000', '基准县', 'COUNTY', '990100000000', 'RURAL') ON CONFLICT DO NOTHING;
INSERT INTO areas (code, name, level, parent_code, kind)
 SELECT '990102' || lpad(s::text, 3, '0') || '000', '基准乡镇' || s, 'STREET', '990102000000', 'RURAL'
   FROM generate_series(1, 20) s ON CONFLICT DO NOTHING;
INSERT INTO areas (code, name, level, parent_code, kind)
 SELECT '990102' || lpad(s::text, 3, '0') || lpad(c::text, 3, '0'), '基准村' || s || '-' || c, 'COMMUNITY',
        '990102' || lpad(s::text, 3, '0') || '000', 'RURAL'
   FROM generate_series(1, 20) s, generate_series(1, 10) c ON CONFLICT DO NOTHING;
INSERT INTO devices (id, device_class, area_code, name)
 SELECT 'bench-b-' || g, 'BROADCAST_UNIT', '990102' || lpad((g % 20 + 1)::text, 3, '0') || lpad((g / 20 % 10 + 1)::text, 3, '0'),
        'bench unit ' || g FROM generate_series(0, $UNITS - 1) g ON CONFLICT DO NOTHING;
SQL
"${PSQL[@]}" -c "COPY (SELECT id, device_class, area_code FROM devices WHERE id LIKE 'bench-b-%' ORDER BY id) TO STDOUT WITH CSV" \
  | { echo "id,deviceClass,areaCode"; cat; } >"$OUT/units.csv"
cat >"$OUT/scenario.yaml" <<YAML
# the units only play: no announcements of their own, no faults; real time
seed: 12
timeScale: 1
duration: ${RUN_SECONDS}s
behaviour:
  broadcastUnit: {playbacksPerDay: 0, amplifierFaultsPerDay: 0, selfTestFailureShare: 0}
timeline:
  - at: ${BROADCAST_AT}s
    do: broadcast
    area: "990102000000"
    priority: EMERGENCY
    text: "防汛紧急通知：上游水库泄洪，请沿河村民立即撤离至安全地带。"
YAML

start_hub bench-broadcast "$HUB_TEST_MQTT_URL"
note "machine: $(nproc) cores; broker nice ${BROKER_NICE:-0}; hub heap $HEAP; $UNITS broadcast units over $SHARED_CONNECTIONS shared connections; load $LOAD_RATE messages/s over $KIOSKS kiosks"
SEQ_OFFSET="$(date +%s)000"
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$KIOSKS" --device-prefix bench-k- --rate "$LOAD_RATE" \
  --duration $(( RUN_SECONDS + 30 )) --seq-offset "$SEQ_OFFSET" --result "$OUT/load.json" >"$OUT/load.log" 2>&1 &
LOAD_PID=$!
BACKGROUND+=("$LOAD_PID")
sleep 5
"${SIM[@]}" scenario "$OUT/scenario.yaml" --broker "$HUB_TEST_MQTT_URL" --devices "$OUT/units.csv" \
  --shared-connections "$SHARED_CONNECTIONS" --hub "http://127.0.0.1:$HTTP_PORT" --password bench-admin-password \
  --progress 10s --result "$OUT/fleet.json" >"$OUT/fleet.log" 2>&1 &
FLEET_PID=$!
BACKGROUND+=("$FLEET_PID")

# where the CPU goes while the first broadcast is dispatched and played (top, every 2 s for 20 s)
( sleep "$BROADCAST_AT"; top -b -d 2 -n 10 -w 200 | grep -A8 '^ *PID' >"$OUT/top-during-broadcast.txt" ) &
BACKGROUND+=("$!")
sleep "$CAP_AT"
CAP_SENT=$(date -u +%Y-%m-%dT%H:%M:%S%:z)
CAP_EXPIRES=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%S%:z)
cat >"$OUT/cap.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>bench-$(date +%s)</identifier>
  <sender>hlj-early-warning@example.cn</sender>
  <sent>$CAP_SENT</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Observed</certainty>
    <expires>$CAP_EXPIRES</expires>
    <description>暴雨红色预警：请立即转移至安全地带</description>
    <area><areaDesc>基准县</areaDesc><geocode><valueName>GB/T 2260</valueName><value>990102000000</value></geocode></area>
  </info>
</alert>
XML
CAP_REQUEST_MS=$(date +%s%3N)
curl -sf -u admin:bench-admin-password -H 'Content-Type: application/cap+xml' --data-binary @"$OUT/cap.xml" \
  "localhost:$HTTP_PORT/api/v1/broadcasts" >"$OUT/cap-answer.json"
CAP_ANSWER_MS=$(date +%s%3N)
note "CAP request answered in $(( CAP_ANSWER_MS - CAP_REQUEST_MS )) ms"

wait "$FLEET_PID"; FLEET_PID=
wait "$LOAD_PID"; LOAD_PID=
sleep 5 # the last messages committed
note "load: $(tail -1 "$OUT/load.log")"
note "fleet: $(grep -o '"errors" : [0-9]*' "$OUT/fleet.json" | head -1)"

note "-- per broadcast, from its creation (the request): PLAYs published (broker PUBACK), played (PLAYBACK_STARTED received)"
"${PSQL[@]}" -F ' | ' <<SQL | tee -a "$OUT/summary.txt"
SELECT 'broadcast ' || b.id || ' ' || b.priority || CASE WHEN b.cap_identifier IS NULL THEN '' ELSE ' (CAP)' END,
       'targeted ' || count(*), 'sent ' || count(c.sent_at),
       'sent from ' || round(extract(epoch FROM min(c.sent_at) - b.created_at)::numeric, 2) || ' s',
       'half by ' || round(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY c.sent_at - b.created_at))::numeric, 2) || ' s',
       'all by ' || round(extract(epoch FROM max(c.sent_at) - b.created_at)::numeric, 2) || ' s',
       'played ' || count(c.started_at),
       'p50 ' || round(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY c.started_at - b.created_at))::numeric, 2) || ' s',
       'p99 ' || round(extract(epoch FROM percentile_disc(0.99) WITHIN GROUP (
           ORDER BY coalesce(c.started_at - b.created_at, interval '1 day')))::numeric, 2) || ' s',
       'last ' || round(extract(epoch FROM max(c.started_at) - b.created_at)::numeric, 2) || ' s',
       'BROADCAST_NOT_CONFIRMED ' || count(c.unconfirmed_at)
  FROM broadcasts b JOIN commands c ON c.broadcast_id = b.id AND c.type = 'PLAY'
 GROUP BY b.id, b.priority, b.cap_identifier, b.created_at ORDER BY b.id;
SQL
note "-- the CAP alert from its HTTP request ($CAP_REQUEST_MS ms)"
"${PSQL[@]}" -F ' | ' <<SQL | tee -a "$OUT/summary.txt"
SELECT 'request to broadcast created ' || round((extract(epoch FROM min(b.created_at)) * 1000 - $CAP_REQUEST_MS)::numeric) || ' ms',
       'request to 99 % played ' || round(extract(epoch FROM percentile_disc(0.99) WITHIN GROUP (
           ORDER BY coalesce(c.started_at, now() + interval '1 day')))::numeric * 1000 - $CAP_REQUEST_MS) || ' ms',
       'request to the last played ' || round(extract(epoch FROM max(c.started_at))::numeric * 1000 - $CAP_REQUEST_MS) || ' ms'
  FROM broadcasts b JOIN commands c ON c.broadcast_id = b.id AND c.type = 'PLAY'
 WHERE b.cap_identifier IS NOT NULL;
SQL
ACKED=$(grep -o '"acknowledged" : [0-9]*' "$OUT/load.json" | grep -o '[0-9]*$')
STORED=$("${PSQL[@]}" -c "SELECT count(*) FROM telemetry_kiosk WHERE device_id LIKE 'bench-k-%' AND seq >= $SEQ_OFFSET")
note "telemetry: $ACKED kiosk messages acknowledged by the broker, $STORED stored"
note "hub: $(metric 'hub_ingest_messages_received_total') messages received; dead letters: $("${PSQL[@]}" -c 'SELECT count(*) FROM dead_letters')"
note "ingest receive-to-commit over the run: $(curl -sf "localhost:$MANAGEMENT_PORT/q/metrics" | grep '^hub_ingest_receive_to_commit_seconds_\(count\|sum\|max\)' | tr '\n' ' ')"
stop_hub
