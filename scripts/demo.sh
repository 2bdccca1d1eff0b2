#!/usr/bin/env bash
# Brings the embedded demo to life: the simulators drive the hub's own 197 demo devices (each gets an
# MQTT password from the hub), with SOS presses, faults, a street's power loss and a broadcast drill,
# so that the console (http://localhost:8080/console/) has alerts, uptime and broadcasts within a minute.
#   scripts/demo.sh ADMIN_PASSWORD [more simulator options, e.g. --hub http://host:8080 --broker tcp://host:1883]
# Ctrl-C stops it. The hub must be running (README's run command).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/demo.sh ADMIN_PASSWORD [simulator options]" >&2
  exit 2
fi
PASSWORD=$1
shift
if [ ! -f device-simulators/target/device-simulators-0.1.0-SNAPSHOT.jar ]; then
  mvn -B -q -f device-simulators/pom.xml -DskipTests package
fi
exec java -cp "device-simulators/target/device-simulators-0.1.0-SNAPSHOT.jar:device-simulators/target/lib/*" \
  org.communityhub.simulators.Simulators demo device-simulators/scenarios/demo-alive.yaml --password "$PASSWORD" "$@"
