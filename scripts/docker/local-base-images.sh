#!/usr/bin/env bash
# Builds stand-ins for node:20-bookworm-slim and redis:7 when no image registry is reachable
# (see ../shared/reference/docker-here.md): a debootstrapped Debian with this machine's Node.js,
# and the same rootfs with Debian's redis-server. Cached: rebuilt only when missing.
# Prints the two image names as NODE_IMAGE=… REDIS_IMAGE=… for `docker compose`.
set -euo pipefail

NODE_TAG=kafka-order-lab/node20-local:latest
REDIS_TAG=kafka-order-lab/redis-local:latest

# The official images, when they can be pulled, need no stand-in.
if docker image inspect node:20-bookworm-slim >/dev/null 2>&1 && docker image inspect redis:7 >/dev/null 2>&1; then
  echo "NODE_IMAGE=node:20-bookworm-slim REDIS_IMAGE=redis:7"
  exit 0
fi

# The mirror apt already uses here (deb822 "URIs:" lines), else Debian's default.
mirror=$( (grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null || true) | awk '{print $2}' | grep -v security | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rootfs() {
  local dir=$1
  debootstrap --variant=minbase bookworm "$dir" "$mirror" >/dev/null
}

if ! docker image inspect "$NODE_TAG" >/dev/null 2>&1; then
  rootfs "$work/node"
  node_bin=$(command -v node)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  install -D "$node_bin" "$work/node/usr/bin/node"
  mkdir -p "$work/node/usr/lib/node_modules" && cp -a "$npm_dir" "$work/node/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/node/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/node/usr/bin/npx"
  ca=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
  [ -f "$ca" ] && install -D "$ca" "$work/node/etc/ssl/certs/ca-certificates.crt"
  tar -C "$work/node" -c . | docker import -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$NODE_TAG" >/dev/null
fi

if ! docker image inspect "$REDIS_TAG" >/dev/null 2>&1; then
  rootfs "$work/redis"
  chroot "$work/redis" apt-get install -y -qq redis-server >/dev/null 2>&1
  tar -C "$work/redis" -c . | docker import -c 'CMD ["redis-server", "--protected-mode", "no"]' - "$REDIS_TAG" >/dev/null
fi

echo "NODE_IMAGE=$NODE_TAG REDIS_IMAGE=$REDIS_TAG"
