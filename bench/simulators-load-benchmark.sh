#!/usr/bin/env bash
# The simulators' load mode against mosquitto_pub, on the same Mosquitto (scripts/mosquitto-test.conf)
# at QoS 1, no subscriber, the kiosk heartbeat of the ingest benchmark as payload. Every message counts
# only once the broker acknowledged it: mosquitto_pub --repeat publishes each after the previous PUBACK
# (its -l mode is not used: it queues input without bound and drops what is queued when the input ends).
# mosquitto_pub gets its best of several connection counts. Needs Debian and root (apt-get).
# Results in bench/results/<time>/simulators-load.txt; figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${MESSAGES:-400000}       # per mosquitto_pub run, split over its connections
LOAD_SECONDS=${LOAD_SECONDS:-20}
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh
trap stop_services EXIT
trap exit INT TERM
install_packages
command -v mosquitto_pub >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto-clients >/dev/null; }
start_broker
PORT=${HUB_TEST_MQTT_URL##*:}
mvn -B -q -f device-simulators/pom.xml -DskipTests package
SIM=(java -cp "device-simulators/target/device-simulators-0.1.0-SNAPSHOT.jar:device-simulators/target/lib/*"
     org.communityhub.simulators.Simulators)
PAYLOAD='{"ts":1764400000000,"seq":1,"serviceState":"IN_SERVICE","printer":"OK","cardReader":"OK","screen":"OK","cpuTempC":47.5,"diskFreePct":62,"networkLatencyMs":31,"transactions":3}'
note() { printf '%s\n' "$*" | tee -a "$OUT/simulators-load.txt"; }

note "machine: $(nproc) cores; $(mosquitto_pub --help | grep -m1 version); $(java -version 2>&1 | head -1)"
BEST_PUB=0
for C in 4 16 64; do
  T0=$(date +%s.%N)
  for c in $(seq 1 "$C"); do
    mosquitto_pub -p "$PORT" -q 1 -m "$PAYLOAD" --repeat $((MESSAGES / C)) -t "hub/v1/mp-$c/telemetry" -i "bench-mp-$c" &
  done
  wait
  RATE=$(echo "$((MESSAGES / C * C)) / ($(date +%s.%N) - $T0)" | bc)
  note "mosquitto_pub --repeat, $C connections: $RATE messages/s"
  BEST_PUB=$(( RATE > BEST_PUB ? RATE : BEST_PUB ))
done
BEST_LOAD=0
for C in 1 4 16; do
  "${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices 2000 --connections "$C" --duration "$LOAD_SECONDS" \
    --result "$OUT/load-$C.json" >"$OUT/load-$C.txt"
  RATE=$(awk -F': ' '/"acknowledgedPerSecond"/ {gsub(",", "", $2); print $2}' "$OUT/load-$C.json")
  note "simulators load, $C connections: $RATE messages/s ($(tail -1 "$OUT/load-$C.txt"))"
  BEST_LOAD=$(( RATE > BEST_LOAD ? RATE : BEST_LOAD ))
done
note "best load / best mosquitto_pub = $BEST_LOAD / $BEST_PUB = $(echo "scale=1; 100 * $BEST_LOAD / $BEST_PUB" | bc) %"
