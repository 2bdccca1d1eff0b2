#!/usr/bin/env bash
# Starts the hub's image (target/community-iot-hub-image.tar, scripts/build-image.sh) with no container
# runtime: its layers unpacked into a directory, its own entrypoint, working directory, user and
# environment, under chroot, against the database and broker in HUB_TEST_DB_URL and HUB_TEST_MQTT_URL;
# passes when /q/health/ready answers UP. Needs root (chroot, mounting /proc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image="$PWD/target/community-iot-hub-image.tar"
: "${HUB_TEST_DB_URL:?start the test services first (scripts/test-services.sh)}"
: "${HUB_TEST_MQTT_URL:?start the test services first (scripts/test-services.sh)}"
[ -s "$image" ] || { echo "[image] $image is missing: run scripts/build-image.sh" >&2; exit 1; }

work=$(mktemp -d /tmp/hub-image.XXXXXX)
rootfs="$work/rootfs"
hub=""
cleanup() {
  if [ -n "$hub" ]; then
    kill "$hub" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$hub" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$hub" 2>/dev/null || true
    wait "$hub" 2>/dev/null || true
  fi
  if mountpoint -q "$rootfs/proc" && ! umount "$rootfs/proc"; then
    echo "[image] $rootfs/proc is still mounted; $work left in place" >&2
    return
  fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$rootfs" "$work/image"
tar -xf "$image" -C "$work/image"
# the layers in order, then what the image says to run and how
python3 - "$work/image" >"$work/plan" <<'PY'
import json, shlex, sys
base = sys.argv[1]
manifest = json.load(open(f"{base}/manifest.json"))[0]
config = json.load(open(f"{base}/{manifest['Config']}"))["config"]
for layer in manifest["Layers"]:
    print("layer", shlex.quote(f"{base}/{layer}"))
print("workdir", shlex.quote(config.get("WorkingDir") or "/"))
print("user", shlex.quote(config.get("User") or "0"))
print("env", shlex.quote(" ".join(shlex.quote(e) for e in config.get("Env", []))))
print("entrypoint", shlex.quote(" ".join(shlex.quote(a) for a in (config.get("Entrypoint") or []) + (config.get("Cmd") or []))))
print("ports", shlex.quote(" ".join(sorted(config.get("ExposedPorts", {})))))
PY
while read -r what value; do
  value=$(eval "printf %s $value")
  case "$what" in
    layer) tar --warning=no-unknown-keyword -xf "$value" -C "$rootfs" ;;
    workdir) workdir=$value ;;
    user) user=$value ;;
    env) env=$value ;;
    entrypoint) entrypoint=$value ;;
    ports) ports=$value ;;
  esac
done <"$work/plan"
echo "[image] entrypoint: $entrypoint (in $workdir, user $user); ports: $ports"
mount -t proc proc "$rootfs/proc"
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
management_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
uid=${user%%:*}
# exec: $! is then the hub's own process (chroot, env and sh each exec the next), which cleanup stops
eval "exec chroot --userspec=$uid:$uid '$rootfs' env -i $env HUB_DB_URL='$HUB_TEST_DB_URL' HUB_DB_PASSWORD=postgres \
  HUB_MQTT_URL='$HUB_TEST_MQTT_URL' HUB_MQTT_CLIENT_ID=hub-image-smoke HUB_ADMIN_PASSWORD=image-smoke-password \
  HUB_HTTP_PORT=$http_port HUB_MANAGEMENT_PORT=$management_port sh -c 'cd $workdir && exec $entrypoint'" \
  >"$work/hub.log" 2>&1 &
hub=$!
for _ in $(seq 1 90); do
  if python3 -c 'import sys, urllib.request; sys.exit(0 if b"UP" in urllib.request.urlopen(sys.argv[1], timeout=2).read() else 1)' \
      "http://127.0.0.1:$management_port/q/health/ready" 2>/dev/null; then
    echo "[image] the image's hub is ready: $(grep -o 'started in [0-9.]*s' "$work/hub.log" | head -1), as user $uid"
    exit 0
  fi
  kill -0 "$hub" 2>/dev/null || break
  sleep 1
done
echo "[image] the image's hub did not become ready; its log:" >&2
tail -40 "$work/hub.log" >&2
exit 1
