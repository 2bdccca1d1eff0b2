#!/usr/bin/env bash
# What every benchmark runs on, and how it ends: source it first (OUT set), then call start_services
# (scripts/test-services.sh: TimescaleDB and Mosquitto). On exit, however the script ends, it stops
# the hub (HUB_PID), whatever the script started in the background (add the pid to BACKGROUND) and
# the services.
# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh
BACKGROUND=()
cleanup() {
  local status=$?
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${HUB_PID:-}" ]; then kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true; fi
  stop_services
  exit $status
}
trap cleanup EXIT
trap exit INT TERM
