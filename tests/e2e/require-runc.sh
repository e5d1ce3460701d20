#!/usr/bin/env bash
# The e2e tier runs the built images as OCI containers with Debian's runc. Installs it with apt-get
# when missing and run as root (as images/build-base-image.sh does for its tools); otherwise says
# what to install. Prints runc's version line.
set -euo pipefail
if ! command -v runc >/dev/null; then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "require-runc: runc is missing: install Debian's package runc (needs root)" >&2
    exit 1
  fi
  echo "require-runc: installing runc with apt-get" >&2
  # A fresh machine may have no package lists yet: update once, only when the install needs it.
  apt-get install -y --no-install-recommends runc >&2 \
    || { apt-get update >&2 && apt-get install -y --no-install-recommends runc >&2; }
fi
runc --version | head -1
