#!/usr/bin/env bash
# Builds the hub image's base, a Debian 12 root with the Java 17 runtime, as a `docker save` tarball
# that Jib takes as its base (quarkus.jib.base-jvm-image=tar://…), with no registry and no Docker
# engine: debootstrap, then one layer. Built once and cached outside the clone (HUB_TEST_CACHE),
# like the tests' TimescaleDB root. Prints the tarball's path.
set -euo pipefail

cache="${HUB_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/community-iot-hub}"
root="$cache/jre17-bookworm"
tarball="$cache/jre17-bookworm-base.tar"

log() { printf '[image] %s\n' "$*" >&2; }

if [ -f "$tarball" ]; then
  log "reusing the base image $tarball"
  echo "$tarball"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || {
  log "installing debootstrap from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}
mkdir -p "$cache"
rm -rf "$root.partial"
log "building a Debian 12 root with openjdk-17-jre-headless in $root (about two minutes, once)"
PATH="$PATH:/usr/sbin:/sbin" debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  bookworm "$root.partial" >"$cache/jre-debootstrap.log" 2>&1 || { tail -20 "$cache/jre-debootstrap.log" >&2; exit 1; }
# what a runtime image does without: package lists, caches, documentation
rm -rf "$root.partial"/var/lib/apt/lists/* "$root.partial"/var/cache/apt/*.bin "$root.partial"/var/cache/apt/archives/*.deb \
  "$root.partial"/usr/share/doc/* "$root.partial"/usr/share/man/* "$root.partial"/usr/share/info/*
rm -rf "$root" && mv "$root.partial" "$root"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar --numeric-owner --xattrs -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
java_home=$(cd "$root" && echo usr/lib/jvm/java-17-openjdk-*)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"$created","created_by":"scripts/jre-base-image.sh: debootstrap bookworm openjdk-17-jre-headless"}]}
JSON
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mkdir "$work/$diff_id"
mv "$work/layer.tar" "$work/$diff_id/layer.tar"
mv "$work/config.json" "$work/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["community-iot-hub-base:jre17-bookworm"],"Layers":["%s/layer.tar"]}]\n' \
  "$config_id" "$diff_id" >"$work/manifest.json"
tar -C "$work" -cf "$tarball.partial" manifest.json "$config_id.json" "$diff_id"
mv "$tarball.partial" "$tarball"
log "base image: $tarball ($(du -h "$tarball" | cut -f1))"
echo "$tarball"
