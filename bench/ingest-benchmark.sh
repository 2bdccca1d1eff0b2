#!/usr/bin/env bash
# The ingest benchmark of docs/benchmarks.md, on one machine with broker, database and hub:
# (a) and (c) are each the highest fixed publish rate the consumer keeps up with (see probe below),
# and a flood at full speed is reported beside them.
#   (a) the broker alone: QoS 1 publisher -> Mosquitto -> a plain QoS 1 subscriber
#   (b) the database alone: COPY of 1,000,000 kiosk readings into the telemetry_kiosk hypertable
#   (c) the hub end to end: QoS 1 publisher -> Mosquitto -> hub (acknowledging after commit) -> TimescaleDB
#   (d) the hub for SUSTAIN_SECONDS (default 300) at SUSTAIN_RATE (default 8000) messages/s
#   (e) publish-to-commit latency at 2,500 messages/s
#   (f) the hub alone on a backlog: DRAIN_SECONDS of publishing queued while the hub is stopped, then
#       drained with no publisher running (the hub's own capacity, with broker and database beside it)
# Heap of the hub (-Xmx512m) sampled every second throughout. Needs what scripts/test.sh needs
# (Debian, root); starts and stops its own TimescaleDB and Mosquitto. Results in bench/results/.
# PARTS="a c" runs only those parts; HUB_APP=<dir with quarkus-run.jar> measures another build (an
# older commit, for a before/after comparison on the same machine). HUB_MQTT_SHARED_GROUP=hub runs the
# hub as a replica sharing the stream (connectivity judged through the database; (e) then also prints
# the judge's rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
SUSTAIN_SECONDS=${SUSTAIN_SECONDS:-300}
SUSTAIN_RATE=${SUSTAIN_RATE:-8000}
MAX_SECONDS=${MAX_SECONDS:-30}
DEVICES=${DEVICES:-2000}
CONNECTIONS=${CONNECTIONS:-4}
PARTS=${PARTS:-a b c d e f}
DRAIN_SECONDS=${DRAIN_SECONDS:-20}
part() { [[ " $PARTS " == *" $1 "* ]]; }
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

# shellcheck source=bench/services.sh
source bench/services.sh
start_services
# shellcheck source=bench/common.sh
source bench/common.sh
say() { printf '\n== %s\n' "$*" | tee -a "$OUT/summary.txt"; }
stored() { "${PSQL[@]}" -c "SELECT count(*) FROM telemetry_kiosk WHERE device_id LIKE 'bench-k-%'"; }
committed() { # the readings the running hub has stored since it started
   metric 'hub_ingest_readings_stored_total{class="KIOSK"}' | awk '{printf "%d\n", $1} END {if (NR == 0) print 0}'; }
sample_heap() { # the hub's used heap in MB, once a second, into $OUT/heap.txt
  while true; do
    curl -sf "localhost:$MANAGEMENT_PORT/q/metrics" 2>/dev/null \
      | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {if (s > 0) printf "%d\n", s / 1048576}' >>"$OUT/heap.txt"
    sleep 1
  done
}

# The highest publish rate a consumer keeps up with: the publisher runs PROBE_SECONDS at a fixed rate;
# the consumer keeps up when the publisher got 99 % of rate x PROBE_SECONDS acknowledged by the broker
# (a broker busy elsewhere slows its PUBACKs) and the consumer had everything 2 s after it stopped. Rates rise by a quarter until one fails, then three bisections.
PROBE_SECONDS=${PROBE_SECONDS:-20}
PROBES=0
probe() { # $1: rate; $2: a command printing how many messages the consumer has; $3: label
  local before sent achieved got
  before=$($2)
  PROBES=$((PROBES + 1))
  "${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- \
    --seq-offset $((10000000 * PROBES)) --connections "$CONNECTIONS" --rate "$1" --duration "$PROBE_SECONDS" \
    --result "$OUT/probe.json" >/dev/null
  sent=$(awk -F': ' '/"acknowledged"/ {gsub(",", "", $2); print $2}' "$OUT/probe.json")
  achieved=$(awk -F': ' '/"acknowledgedPerSecond"/ {gsub(",", "", $2); print $2}' "$OUT/probe.json")
  sleep 2
  got=$(( $($2) - before ))
  printf '%s: rate %d, publisher %d/s, sent %d, consumer had %d 2 s later\n' "$3" "$1" "$achieved" "$sent" "$got" \
    | tee -a "$OUT/probes.txt" >&2
  [ "$got" -ge "$sent" ] && [ "$sent" -ge $(( $1 * PROBE_SECONDS * 99 / 100 )) ]
}
sustainable() { # $1: counter command; $2: label; prints the highest rate kept up with
  local low=0 high rate=16000
  while probe "$rate" "$1" "$2"; do low=$rate; rate=$(( rate * 5 / 4 )); done
  high=$rate
  for _ in 1 2 3; do
    rate=$(( (low + high) / 2 ))
    if probe "$rate" "$1" "$2"; then low=$rate; else high=$rate; fi
  done
  echo "$low"
}

note "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1)"
note "devices: $DEVICES kiosks over $CONNECTIONS publisher connections; payload: a full kiosk heartbeat (~190 bytes)"

say "schema and $DEVICES kiosks"
register_kiosks "$DEVICES"

note "hub: $HUB_APP; parts: $PARTS; probes of ${PROBE_SECONDS}s"
A=; B=
if part a; then
say "(a) broker alone: the highest rate a plain QoS 1 subscriber keeps up with, then a ${MAX_SECONDS}s flood"
"${SIM[@]}" subscribe --broker "$HUB_TEST_MQTT_URL" --idle 3600 --max-seconds 7200 >"$OUT/a-probe-subscriber.txt" 2>&1 &
SUB=$!
sleep 2
subscribed() { tail -1 "$OUT/a-probe-subscriber.txt" | awk '/total/ {print $NF; next} {print 0}'; }
A=$(sustainable subscribed "(a) subscriber")
kill $SUB; wait $SUB 2>/dev/null || true
note "(a) highest rate a plain subscriber keeps up with: $A messages/s (probes in $OUT/probes.txt)"
"${SIM[@]}" subscribe --broker "$HUB_TEST_MQTT_URL" >"$OUT/a-subscriber.txt" 2>&1 &
SUB=$!
sleep 2
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- \
  --connections "$CONNECTIONS" --duration "$MAX_SECONDS" --result "$OUT/a-publisher.json" >"$OUT/a-publisher.txt"
wait $SUB
note "flood: publisher $(tail -1 "$OUT/a-publisher.txt")"
note "flood: subscriber, first to last message (the broker's queue drains after the publisher stops): $(tail -1 "$OUT/a-subscriber.txt")"

fi

if part b; then
say "(b) database alone: COPY 1,000,000 kiosk readings into telemetry_kiosk"
"${PSQL[@]}" -c "COPY (SELECT 'copy-k-' || (g % $DEVICES), now() - g * interval '1 ms', g, now(), 'IN_SERVICE', 'OK', 'OK', 'OK',
  47.5, 62, 31, 3, NULL FROM generate_series(1, 1000000) g) TO '/tmp/bench-copy.csv' CSV"
COLS="device_id, ts, seq, received_at, service_state, printer, card_reader, screen, cpu_temp_c, disk_free_pct, network_latency_ms, transactions, extra"
T0=$(date +%s.%N)
"${PSQL[@]}" -c "\\copy telemetry_kiosk ($COLS) FROM '/tmp/bench-copy.csv' CSV"
T1=$(date +%s.%N)
B=$(echo "1000000 / ($T1 - $T0)" | bc)
note "COPY: 1,000,000 rows in $(echo "$T1 - $T0" | bc | cut -c1-5) s: $B rows/s"
"${PSQL[@]}" -c "DELETE FROM telemetry_kiosk WHERE device_id LIKE 'copy-k-%'"
rm -f "$TSDB_ROOT/tmp/bench-copy.csv"

fi

if part c || part d || part e || part f; then
start_hub bench-hub "$HUB_TEST_MQTT_URL"
sample_heap &
HEAP_PID=$!
BACKGROUND+=("$HEAP_PID")
fi
if part c; then
say "(c) hub end to end: the highest rate the hub keeps up with (acknowledging after commit), then a ${MAX_SECONDS}s flood"
C=$(sustainable committed "(c) hub")
note "(c) highest rate the hub keeps up with: $C messages/s"
if [ -n "$A" ] && [ -n "$B" ]; then
  MIN_AB=$(( A < B ? A : B ))
  note "(c) / min(a, b) = $C / $MIN_AB = $(echo "scale=2; 100 * $C / $MIN_AB" | bc) %"
fi
BEFORE=$(stored)
T0=$(date +%s.%N)
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- --seq-offset 1000000 \
  --connections "$CONNECTIONS" --duration "$MAX_SECONDS" --result "$OUT/c-publisher.json" >"$OUT/c-publisher.txt"
SENT=$(awk -F': ' '/"acknowledged"/ {gsub(",", "", $2); print $2}' "$OUT/c-publisher.json")
while [ $(( $(stored) - BEFORE )) -lt "$SENT" ]; do sleep 0.2; done
T1=$(date +%s.%N)
note "flood: publisher $(tail -1 "$OUT/c-publisher.txt")"
note "flood: hub, publisher start to last commit: $SENT readings in $(echo "$T1 - $T0" | bc | cut -c1-5) s: $(echo "$SENT / ($T1 - $T0)" | bc) messages/s"

fi

if part d; then
say "(d) hub sustained: $SUSTAIN_RATE messages/s for ${SUSTAIN_SECONDS}s"
BEFORE=$(stored)
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- --seq-offset 2000000 \
  --connections "$CONNECTIONS" --rate "$SUSTAIN_RATE" --duration "$SUSTAIN_SECONDS" --result "$OUT/d-publisher.json" \
  >"$OUT/d-publisher.txt" &
LOAD=$!
: >"$OUT/d-lag.txt"
while kill -0 $LOAD 2>/dev/null; do
  echo "$(date +%s) $(( $(stored) - BEFORE ))" >>"$OUT/d-lag.txt"
  sleep 5
done
wait $LOAD
SENT=$(awk -F': ' '/"acknowledged"/ {gsub(",", "", $2); print $2}' "$OUT/d-publisher.json")
AT_END=$(( $(stored) - BEFORE ))
T0=$(date +%s.%N)
while [ $(( $(stored) - BEFORE )) -lt "$SENT" ]; do sleep 0.2; done
DRAIN=$(echo "$(date +%s.%N) - $T0" | bc | cut -c1-5)
note "publisher: $(tail -1 "$OUT/d-publisher.txt")"
note "hub: $AT_END of $SENT committed when the publisher stopped; the rest $DRAIN s later; all $SENT stored"

fi

if part e; then
say "(e) latency at 2,500 messages/s for 60 s, from the hub's histogram buckets (difference of two scrapes)"
buckets() { curl -sf "localhost:$MANAGEMENT_PORT/q/metrics" | awk '/^hub_ingest_age_at_commit_seconds_bucket/ {
  match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); print le, $NF }'; }
buckets >"$OUT/e-buckets-before.txt"
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- --seq-offset 3000000 \
  --connections "$CONNECTIONS" --rate 2500 --duration 60 --result "$OUT/e-publisher.json" >"$OUT/e-publisher.txt"
sleep 2
buckets >"$OUT/e-buckets-after.txt"
join "$OUT/e-buckets-before.txt" "$OUT/e-buckets-after.txt" | awk '{d = $3 - $2; print $1, d}' >"$OUT/e-latency.txt"
awk 'NR == FNR { if ($1 == "+Inf") total = $2; next }
     $1 != "+Inf" && !p99 && $2 >= 0.99 * total { p99 = $1 }
     $1 != "+Inf" && !p50 && $2 >= 0.50 * total { p50 = $1 }
     $1 == "0.25" { within = $2 }
     END { printf "publish-to-commit over %d readings: p50 <= %d ms, p99 <= %d ms; %.2f %% within 250 ms\n",
           total, p50 * 1000, p99 * 1000, 100 * within / total }' "$OUT/e-latency.txt" "$OUT/e-latency.txt" \
  | tee -a "$OUT/summary.txt"
if [ -n "${HUB_MQTT_SHARED_GROUP:-}" ]; then # replicas' connectivity: the judging replica's rounds so far
  rounds=$(metric hub_connectivity_judge_rounds_seconds_count)
  printf 'connectivity judge (shared mode): %s rounds, mean %s ms, max %s ms; %s signs waiting now\n' "${rounds%.*}" \
    "$(awk -v s="$(metric hub_connectivity_judge_rounds_seconds_sum)" -v n="$rounds" 'BEGIN {printf "%.0f", (n > 0 ? 1000 * s / n : 0)}')" \
    "$(awk -v m="$(metric hub_connectivity_judge_rounds_seconds_max)" 'BEGIN {printf "%.0f", 1000 * m}')" \
    "$("${PSQL[@]}" -c 'SELECT count(*) FROM connectivity_signs')" | tee -a "$OUT/summary.txt"
fi

fi

if part f; then
say "(f) the hub alone on a backlog: ${DRAIN_SECONDS}s of publishing queued while it is stopped, then drained"
stop_hub
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- --seq-offset 4000000 \
  --connections "$CONNECTIONS" --duration "$DRAIN_SECONDS" --result "$OUT/f-publisher.json" >"$OUT/f-publisher.txt"
SENT=$(awk -F': ' '/"acknowledged"/ {gsub(",", "", $2); print $2}' "$OUT/f-publisher.json")
start_hub bench-hub "$HUB_TEST_MQTT_URL"
T0=$(date +%s.%N)
C0=$(committed) # the drain began while the hub was starting: count from the first look
while [ "$(committed)" -lt "$SENT" ]; do sleep 0.1; done
T1=$(date +%s.%N)
note "backlog: $SENT messages, $C0 committed before the first look; the other $((SENT - C0)) in $(echo "$T1 - $T0" | bc | cut -c1-5) s: $(echo "($SENT - $C0) / ($T1 - $T0)" | bc) messages/s"
fi

kill "${HEAP_PID:-}" 2>/dev/null || true
HEAP_PID=
note "hub heap (used, sampled each second through (c), (d), (e)): max $(sort -n "$OUT/heap.txt" | tail -1) MB of -Xmx512m"
say "results in $OUT"
