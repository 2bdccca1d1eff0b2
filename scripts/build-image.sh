#!/usr/bin/env bash
# Builds the hub's container image with Jib (quarkus-container-image-jib), with no Docker engine and no
# registry: target/community-iot-hub-image.tar, a `docker save` tarball of community-iot-hub:<version>.
# The base is a Debian 12 root with the Java 17 runtime made here (scripts/jre-base-image.sh); Jib's
# `docker load` goes to a file (scripts/image-tarball). Load it where a container runtime is:
#   docker load -i target/community-iot-hub-image.tar     (or podman load, ctr image import, kind load image-archive)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base=$(scripts/jre-base-image.sh)
tarball="$PWD/target/community-iot-hub-image.tar"
rm -f "$tarball"
mvn -B -q package -DskipTests \
  -Dquarkus.container-image.build=true \
  -Dquarkus.jib.base-jvm-image="tar://$base" \
  -Dquarkus.jib.docker-executable-name="$PWD/scripts/image-tarball" \
  -Dquarkus.jib.docker-environment.HUB_IMAGE_TARBALL="$tarball" "$@"
[ -s "$tarball" ] || { echo "[image] Jib wrote no image to $tarball" >&2; exit 1; }
echo "[image] $(tar -xOf "$tarball" manifest.json | grep -o '"RepoTags":\[[^]]*\]') in $tarball ($(du -h "$tarball" | cut -f1))"
