#!/usr/bin/env bash
# The cost of authentication (docs/benchmarks.md#authentication), on one machine with broker,
# database and hub (bcrypt cost 10, the default):
#   (a) authenticated API requests per second: GET /api/v1/users/me as admin with HTTP Basic,
#       CLIENTS clients for SECONDS seconds, with the credential cache (the default, 5 min) and
#       without it (HUB_SECURITY_CREDENTIAL_CACHE=0: a bcrypt check per request)
#   (b) ingest beside a stream of wrong passwords: the hub ingests a QoS 1 stream at RATE messages/s
#       for INGEST_SECONDS, once alone and once while 1,000 sign-ins with a wrong password arrive
#       (4 clients, one address); readings committed per second are compared
# Needs what scripts/test.sh needs (Debian, root). Results in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-20}
CLIENTS=${CLIENTS:-8}
RATE=${RATE:-8000}
INGEST_SECONDS=${INGEST_SECONDS:-30}
DEVICES=${DEVICES:-2000}
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)-auth
mkdir -p "$OUT"

# shellcheck source=bench/services.sh
source bench/services.sh
start_services
# shellcheck source=bench/common.sh
source bench/common.sh
say() { printf '\n== %s\n' "$*" | tee -a "$OUT/summary.txt"; }
field() { awk -F': ' -v k="\"$2\"" '$1 ~ k {gsub(",", "", $2); print $2}' "$1"; }
committed() { metric 'hub_ingest_readings_stored_total{class="KIOSK"}' | awk '{printf "%d\n", $1} END {if (NR == 0) print 0}'; }
ME="http://127.0.0.1:$HTTP_PORT/api/v1/users/me"

say "(a) authenticated requests: GET /api/v1/users/me, $CLIENTS clients, ${SECONDS_EACH}s each"
for cache in 5m 0; do
  export HUB_SECURITY_CREDENTIAL_CACHE=$cache
  start_hub "bench-auth-$cache" ""
  "${SIM[@]}" http-load --url "$ME" --password bench-admin-password --clients 2 --duration 3s >/dev/null # warm up
  "${SIM[@]}" http-load --url "$ME" --password bench-admin-password --clients "$CLIENTS" --duration "${SECONDS_EACH}s" \
    --result "$OUT/a-cache-$cache.json" >/dev/null
  note "(a) credential cache $cache: $(field "$OUT/a-cache-$cache.json" requestsPerSecond) requests/s, p50 $(field "$OUT/a-cache-$cache.json" p50Ms) ms, p99 $(field "$OUT/a-cache-$cache.json" p99Ms) ms"
  stop_hub
done
unset HUB_SECURITY_CREDENTIAL_CACHE

say "(b) ingest flood for ${INGEST_SECONDS}s, alone and beside 1,000 wrong passwords; with the sign-in limits and without"
register_kiosks "$DEVICES"
run=0
flood() { # $1: label; $2: "wrong" to send the wrong passwords beside it
  run=$((run + 1))
  local before stored
  before=$(committed)
  if [ "$2" = wrong ]; then
    ( sleep 3; "${SIM[@]}" http-load --url "$ME" --user nobody-guessing --password wrong-password --clients 4 \
        --count 1000 --duration 600s --result "$OUT/b-$1-wrong.json" >/dev/null || true ) &
    BACKGROUND+=($!)
  fi
  "${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- \
    --seq-offset $((10000000 * run)) --connections 4 --duration "$INGEST_SECONDS" --result "$OUT/b-$1.json" >/dev/null
  stored=$(( $(committed) - before ))
  note "(b) $1: committed $stored in ${INGEST_SECONDS}s = $(( stored / INGEST_SECONDS )) readings/s (publisher acknowledged $(field "$OUT/b-$1.json" acknowledgedPerSecond)/s)"
  if [ "$2" = wrong ]; then
    wait "${BACKGROUND[-1]}" || true
    note "(b) $1: the wrong passwords: $(field "$OUT/b-$1-wrong.json" requests) in $(field "$OUT/b-$1-wrong.json" seconds) s, p50 $(field "$OUT/b-$1-wrong.json" p50Ms) ms"
  fi
  # let the broker's backlog drain before the next run
  for _ in $(seq 1 60); do b=$(committed); sleep 1; [ "$(committed)" = "$b" ] && break; done
}
start_hub bench-auth-ingest "$HUB_TEST_MQTT_URL"
flood limits-on-alone none
flood limits-on-beside-wrong wrong
flood limits-on-alone-again none
stop_hub
export HUB_SECURITY_ADDRESS_ATTEMPTS=100000000 HUB_SECURITY_LOCKOUT_ATTEMPTS=100000000
start_hub bench-auth-ingest "$HUB_TEST_MQTT_URL"
flood limits-off-alone none
flood limits-off-beside-wrong wrong
stop_hub
unset HUB_SECURITY_ADDRESS_ATTEMPTS HUB_SECURITY_LOCKOUT_ATTEMPTS
echo "results in $OUT"
