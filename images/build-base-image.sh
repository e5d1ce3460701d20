#!/usr/bin/env bash
# Builds the offline base image of the analysis-provider and consumer-app images: a minimal Debian
# bookworm root filesystem with openjdk-17-jre-headless, as an image tarball in the format Jib
# reads for a `tar://` base (what `docker save` writes: manifest.json, the config JSON, one
# uncompressed layer tar).
#
# For machines that reach no container registry, only Debian's packages:
#   mmdebstrap  root filesystem from .debs (no container runtime involved)
#   umoci       rootfs tar -> OCI image layout, with a fixed creation time and the config (Env PATH)
#   skopeo      OCI image layout -> docker-archive tarball
#
# Output: ${KBG_BASE_IMAGE_DIR:-$HOME/.cache/kafka-bluegreen/base-image}/jre17-bookworm.tar,
# printed as the only line on stdout (progress goes to stderr).
# Rebuilt only when the stamp (sha256 of this script's content, which holds every input: suite,
# packages, excludes, timestamps) changes or the tarball is missing. Package versions come from
# the mirror on the day of the build: KBG_BASE_IMAGE_FORCE=1 rebuilds to pick up updates.
# Safe to run concurrently: the second caller waits on a flock.
#
# Needs: root (mmdebstrap's root mode; unshare mode works for users with subuids) and Debian's
# package mirror. Installs mmdebstrap, umoci and skopeo with apt-get when missing and run as root.
set -euo pipefail

SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
DIR="${KBG_BASE_IMAGE_DIR:-$HOME/.cache/kafka-bluegreen/base-image}"
NAME=jre17-bookworm
TAG=kafka-bluegreen/jre17:bookworm
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless
# A fixed time for every file, the config and the history: the same packages give the same
# layer digest and the same image config, so the app images built on it are reproducible too.
EPOCH=1
CREATED=1970-01-01T00:00:01Z
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { echo "build-base-image: $*" >&2; }

ensure_tools() {
  local missing=() tool
  for tool in mmdebstrap umoci skopeo; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    log "missing ${missing[*]}: install Debian's packages of that name (needs root)"
    exit 1
  fi
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: update once, only when the install needs it.
  apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
    || { apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
}

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
OUT="$DIR/$NAME.tar"
STAMP="$DIR/$NAME.stamp"

exec 9>"$DIR/.lock"
if ! flock -n 9; then
  log "another build holds $DIR/.lock, waiting..."
  flock 9
fi

WANT="$(sha256sum <"$SELF" | cut -d' ' -f1)"   # content only: any checkout of this script matches
if [[ "${KBG_BASE_IMAGE_FORCE:-0}" != 1 && -s "$OUT" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
  log "up to date (stamp $WANT)"
  echo "$OUT"
  exit 0
fi

ensure_tools
T0=$SECONDS
# We hold the lock, so any .tmp.* left here is from a build that was killed.
rm -rf "$DIR"/.tmp.*
WORK="$DIR/.tmp.$$"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# Docs, translations, info pages and shell completion are never read in a container. The man
# pages stay: the JRE's post-install calls update-alternatives, which fails without
# /usr/share/man/man1. merged-usr sets up the /usr merge with mmdebstrap's own hook instead of
# the usrmerge package, which would pull in perl (about 50 MB). mmdebstrap copies the build
# host's /etc/resolv.conf and /etc/hostname into the tree: removed, since they describe the
# build machine (the container runtime provides its own); /etc/hosts gets the localhost lines
# that Debian's netbase package would write.
log ">>> root filesystem: $SUITE + $PACKAGES (mmdebstrap)"
SOURCE_DATE_EPOCH=$EPOCH mmdebstrap \
  --variant=essential \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/bash-completion/*' \
  --customize-hook='rm -f "$1/etc/resolv.conf" "$1/etc/hostname"' \
  --customize-hook='printf "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n" >"$1/etc/hosts"' \
  "$SUITE" "$WORK/rootfs.tar" >&2
log "<<< root filesystem: $(stat -c %s "$WORK/rootfs.tar") bytes, $((SECONDS - T0)) s"

log ">>> image config (umoci), docker-archive (skopeo)"
umoci init --layout "$WORK/oci"
umoci new --image "$WORK/oci:jre17"
umoci raw add-layer --image "$WORK/oci:jre17" --history.created="$CREATED" \
  --history.created_by="mmdebstrap $SUITE $PACKAGES" "$WORK/rootfs.tar"
umoci config --image "$WORK/oci:jre17" --created="$CREATED" --history.created="$CREATED" \
  --os=linux --architecture="$(dpkg --print-architecture)" \
  --config.env="PATH=$IMAGE_PATH" \
  --config.env="JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
  --config.cmd=java --config.cmd=-version
# Local files only, nothing signed to check: no trust policy applies.
skopeo --insecure-policy copy --quiet "oci:$WORK/oci:jre17" "docker-archive:$WORK/image.tar:$TAG" >&2

mv -f "$WORK/image.tar" "$OUT"
echo "$WANT" >"$STAMP"
log "total $((SECONDS - T0)) s, $(stat -c %s "$OUT") bytes"
echo "$OUT"
