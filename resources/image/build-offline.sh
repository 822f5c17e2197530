#!/usr/bin/env bash
# Build a Debian image with Python, nbclient and ipykernel without any registry:
# debootstrap a minimal bookworm, `docker import` it, then add Debian packages with `docker build`
# (apt inside the build reaches Debian's mirror). Usage: build-offline.sh NAME[:TAG] [PACKAGES...]
set -euo pipefail
name="${1:?usage: build-offline.sh NAME[:TAG] [PACKAGES...]}"; shift || true
extra="$*"
mirror="${ORCHEST_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
for tool in debootstrap docker; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is not installed (apt-get install -y ${tool/docker/docker.io})" >&2; exit 2; }
done
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
base="orchest-offline-minbase:bookworm"
if ! docker image inspect "$base" >/dev/null 2>&1; then
  echo "[1/3] debootstrap bookworm (minbase + python3) ..." >&2
  debootstrap --variant=minbase --include=python3 bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  echo "[2/3] docker import $base ..." >&2
  tar -C "$work/root" -c . | docker import - "$base" >/dev/null
  rm -rf "$work/root"
else
  echo "[1/3] reusing $base" >&2
fi
echo "[3/3] docker build $name (python3-nbclient python3-ipykernel $extra) ..." >&2
mkdir -p "$work/ctx"
cat >"$work/ctx/Dockerfile" <<DOCKERFILE
FROM $base
RUN echo "deb $mirror bookworm main" > /etc/apt/sources.list \\
 && apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-nbclient python3-ipykernel python-is-python3 $extra \\
 && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
DOCKERFILE
docker build -q -t "$name" "$work/ctx" >/dev/null
echo "built $name" >&2
