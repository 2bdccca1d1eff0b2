#!/usr/bin/env bash
# The memory benchmark of docs/benchmarks.md: the hub's heap under what a broker can throw at it.
#   (m1) a QoS 0 flood for FLOOD_SECONDS (default 60) from 4 connections as fast as they go: QoS 0
#        has no in-flight limit at the broker, so only the hub's own bound keeps its queue in check;
#   (m2) BIG_COUNT (default 5) publishes of 20 MB each at QoS 1, one after another (Mosquitto's
#        max_packet_size raised to 64 MB for this run), then the dead letters they left.
# The hub runs with -Xmx$HEAP (default 256m); its heap (all pools, and G1's old generation, where
# any array of 20 MB lands at once) and its queue are sampled every 250 ms from /q/metrics.
# HUB_APP=<dir with quarkus-run.jar> measures another build (e.g. an older commit) the same way.
# Needs what scripts/test.sh needs (Debian, root); starts and stops its own TimescaleDB and Mosquitto.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOOD_SECONDS=${FLOOD_SECONDS:-60}
BIG_COUNT=${BIG_COUNT:-5}
export HEAP=${HEAP:-256m}
DEVICES=${DEVICES:-2000}
OUT=bench/results/memory-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

# shellcheck source=bench/services.sh
source bench/services.sh
export HUB_TEST_MQTT_EXTRA_CONF="max_packet_size 67108864"
install_packages
command -v mosquitto_pub >/dev/null || { apt-get install -y -qq mosquitto-clients >/dev/null; }
start_services
# shellcheck source=bench/common.sh
source bench/common.sh
metric() { awk -v p="$1" 'index($0, p) == 1 {s += $NF} END {printf "%d\n", s}' "$OUT/scrape"; }
sample() { # every 250 ms: time, heap MB, old generation MB, queue MB, stored readings
  while kill -0 "$HUB_PID" 2>/dev/null; do
    if curl -sf "localhost:$MANAGEMENT_PORT/q/metrics" >"$OUT/scrape.next" 2>/dev/null; then
      mv "$OUT/scrape.next" "$OUT/scrape"
      printf '%s %d %d %d %d\n' "$(date +%s.%N | cut -c1-14)" \
        $(( $(metric 'jvm_memory_used_bytes{area="heap"') / 1048576 )) \
        $(( $(metric 'jvm_memory_used_bytes{area="heap",id="G1 Old Gen"') / 1048576 )) \
        $(( $(metric 'hub_ingest_queue_bytes') / 1048576 )) \
        "$(metric 'hub_ingest_readings_stored_total')" >>"$OUT/samples.txt"
    fi
    sleep 0.25
  done
}
peak() { # $1: column; $2, $3: from, to (epoch seconds)
  awk -v c="$1" -v f="$2" -v t="$3" '$1 >= f && $1 <= t && $c > m {m = $c} END {print m + 0}' "$OUT/samples.txt"
}

note "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); hub $HUB_APP with -Xmx$HEAP"
register_kiosks "$DEVICES"
start_hub "bench-memory-$RANDOM" "$HUB_TEST_MQTT_URL"
sample &
SAMPLER=$!
BACKGROUND+=("$SAMPLER")
sleep 5
IDLE_FROM=$(date +%s); sleep 10; IDLE_TO=$(date +%s)
note "idle for 10 s: heap peak $(peak 2 "$IDLE_FROM" "$IDLE_TO") MB, old generation peak $(peak 3 "$IDLE_FROM" "$IDLE_TO") MB"

printf '\n== (m1) QoS 0 flood for %ss\n' "$FLOOD_SECONDS" | tee -a "$OUT/summary.txt"
FROM=$(date +%s)
"${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- --qos 0 \
  --connections 4 --duration "$FLOOD_SECONDS" --result "$OUT/m1-publisher.json" >"$OUT/m1-publisher.txt" || true
STOPPED=$(date +%s)
# the broker goes on delivering what it queued: wait until nothing more is stored for 5 s
LAST=-1
while kill -0 "$HUB_PID" 2>/dev/null && [ "$(tail -1 "$OUT/samples.txt" | awk '{print $5}')" != "$LAST" ]; do
  LAST=$(tail -1 "$OUT/samples.txt" | awk '{print $5}')
  sleep 5
done
TO=$(date +%s)
if kill -0 "$HUB_PID" 2>/dev/null; then ALIVE="alive"; else ALIVE="DEAD ($(cat "$OUT"/hub-*.log | grep -m1 -o "OutOfMemoryError[^ ]*" || echo 'see hub.log'))"; fi
note "publisher: $(tail -1 "$OUT/m1-publisher.txt")"
note "hub: $ALIVE; heap peak $(peak 2 "$FROM" "$TO") MB, queue peak $(peak 4 "$FROM" "$TO") MB; $(peak 5 "$FROM" "$TO") readings stored, the last $(( TO - STOPPED - 5 )) s after the publisher stopped"
note "out of memory errors in the hub's log: $(cat "$OUT"/hub-*.log | grep -c OutOfMemoryError || true)"

if kill -0 "$HUB_PID" 2>/dev/null; then
  printf '\n== (m2) %d publishes of 20 MB at QoS 1\n' "$BIG_COUNT" | tee -a "$OUT/summary.txt"
  head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$OUT/big.json"
  sleep 10
  BASE_FROM=$(date +%s); sleep 10; BASE_TO=$(date +%s)
  FROM=$(date +%s)
  for i in $(seq 1 "$BIG_COUNT"); do
    mosquitto_pub -h 127.0.0.1 -p "${HUB_TEST_MQTT_URL##*:}" -q 1 -t "hub/v1/bench-k-$i/telemetry" -f "$OUT/big.json"
    sleep 1
  done
  sleep 5
  TO=$(date +%s)
  note "before: heap peak $(peak 2 "$BASE_FROM" "$BASE_TO") MB, old generation peak $(peak 3 "$BASE_FROM" "$BASE_TO") MB (10 s)"
  note "during: heap peak $(peak 2 "$FROM" "$TO") MB, old generation peak $(peak 3 "$FROM" "$TO") MB"
  note "dead letters: $("${PSQL[@]}" -c "SELECT reason || ' ' || count(*) || ', e.g. ' || min(detail) || ', payload kept ' || max(length(payload)) || ' chars' FROM dead_letters WHERE topic LIKE 'hub/v1/bench-k-%' GROUP BY reason")"
fi
note "results in $OUT"
