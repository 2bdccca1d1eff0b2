#!/usr/bin/env bash
# The cost of authentication (docs/benchmarks.md#authentication), on one machine with broker,
# database and hub (bcrypt cost 10, the default):
#   (a) authenticated API requests per second: GET /api/v1/users/me as admin with HTTP Basic,
#       CLIENTS clients for SECONDS seconds, with the credential cache (the default, 5 min) and
#       without it (HUB_SECURITY_CREDENTIAL_CACHE=0: a bcrypt check per request)
#   (b) 1,000 sign-ins with a wrong password (an unknown user, 4 clients, one address) against an idle
#       hub: the CPU seconds the hub spends on them, with the sign-in limits (the defaults) and without
#   (c) ingest floods of INGEST_SECONDS (QoS 1, as fast as the publisher goes), alternating alone and
#       beside 1,000 wrong passwords, three pairs: readings committed per second
# Needs what scripts/test.sh needs (Debian, root). Results in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-20}
CLIENTS=${CLIENTS:-8}
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

say "(b) 1,000 wrong passwords for an unknown user, 4 clients, one address: the hub's CPU, with the sign-in limits and without"
cpu_seconds() { awk '{printf "%.1f\n", ($14 + $15) / 100}' "/proc/$HUB_PID/stat"; }
for limits in on off; do
  if [ "$limits" = off ]; then export HUB_SECURITY_ADDRESS_ATTEMPTS=100000000 HUB_SECURITY_LOCKOUT_ATTEMPTS=100000000; fi
  start_hub "bench-auth-wrong-$limits" ""
  sleep 5
  before=$(cpu_seconds)
  "${SIM[@]}" http-load --url "$ME" --user nobody-guessing --password wrong-password --clients 4 --count 1000 \
    --duration 600s --result "$OUT/b-wrong-$limits.json" >/dev/null || true
  after=$(cpu_seconds)
  note "(b) limits $limits: 1,000 refused in $(field "$OUT/b-wrong-$limits.json" seconds) s (p50 $(field "$OUT/b-wrong-$limits.json" p50Ms) ms), the hub spent $(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.1f", a - b}') s of CPU"
  stop_hub
  unset HUB_SECURITY_ADDRESS_ATTEMPTS HUB_SECURITY_LOCKOUT_ATTEMPTS
done

say "(c) ingest flood for ${INGEST_SECONDS}s, alone and beside 1,000 wrong passwords (default limits), alternating"
register_kiosks "$DEVICES"
run=0
flood() { # $1: label; $2: "wrong" to send the wrong passwords beside it (each run from a fresh user name)
  run=$((run + 1))
  local before stored
  before=$(committed)
  if [ "$2" = wrong ]; then
    ( sleep 3; "${SIM[@]}" http-load --url "$ME" --user "guessing-$run" --password wrong-password --clients 4 \
        --count 1000 --duration 600s --result "$OUT/c-$1-wrong.json" >/dev/null || true ) &
    BACKGROUND+=($!)
  fi
  "${SIM[@]}" load --broker "$HUB_TEST_MQTT_URL" --devices "$DEVICES" --device-prefix bench-k- \
    --seq-offset $((10000000 * run)) --connections 4 --duration "$INGEST_SECONDS" --result "$OUT/c-$1.json" >/dev/null
  stored=$(( $(committed) - before ))
  note "(c) $1: committed $stored in ${INGEST_SECONDS}s = $(( stored / INGEST_SECONDS )) readings/s (publisher acknowledged $(field "$OUT/c-$1.json" acknowledgedPerSecond)/s)"
  if [ "$2" = wrong ]; then wait "${BACKGROUND[-1]}" || true; fi
  for _ in $(seq 1 60); do b=$(committed); sleep 1; [ "$(committed)" = "$b" ] && break; done # the backlog drains
}
start_hub bench-auth-ingest "$HUB_TEST_MQTT_URL"
for pair in 1 2 3; do
  flood "alone-$pair" none
  flood "beside-wrong-$pair" wrong
done
stop_hub
echo "results in $OUT"
