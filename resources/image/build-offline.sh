#!/usr/bin/env bash
# Build a Debian image with Python, nbclient and ipykernel without any registry:
# debootstrap a minimal bookworm, `docker import` it, then add Debian packages with `docker build`
# (apt inside the build reaches Debian's mirror). Progress goes to stderr.
# Usage: build-offline.sh NAME[:TAG] [PACKAGES...]   (packages may also be comma-separated)
# Env: ORCHEST_DEBIAN_MIRROR (default http://deb.debian.org/debian); ORCHEST_BASE_IMAGE: build on
#      this Debian bookworm image the engine already has (e.g. a pulled debian:bookworm-slim)
#      instead of making one with debootstrap.
set -euo pipefail
name="${1:?usage: build-offline.sh NAME[:TAG] [PACKAGES...]}"; shift || true
extra="$(echo "$*" | tr ',' ' ')"
mirror="${ORCHEST_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base="${ORCHEST_BASE_IMAGE:-orchest-offline-minbase:bookworm}"

fail() { echo "error: $*" >&2; exit 2; }
command -v docker >/dev/null || fail "'docker' is not installed (apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || fail "Docker is not running or not reachable (start it: 'sudo systemctl start docker', or run 'dockerd &' as root)"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if ! docker image inspect "$base" >/dev/null 2>&1; then
  [ -z "${ORCHEST_BASE_IMAGE:-}" ] || fail "the base image $base is not in Docker"
  command -v debootstrap >/dev/null || fail "'debootstrap' is not installed (apt-get install -y debootstrap); it makes the base image $base"
  [ "$(id -u)" = 0 ] || fail "debootstrap needs root to make the base image $base (run this as root or with sudo)"
  echo "[1/3] debootstrap bookworm (minbase + python3) from $mirror ..." >&2
  debootstrap --variant=minbase --include=python3 bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { echo "error: debootstrap failed; last lines of its log:" >&2; tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  echo "[2/3] docker import $base ..." >&2
  tar -C "$work/root" -c . | docker import - "$base" >/dev/null
  rm -rf "$work/root"
else
  echo "[1/3] reusing $base" >&2
  echo "[2/3] (nothing to import)" >&2
fi

echo "[3/3] docker build $name (python3-nbclient python3-ipykernel python-is-python3 $extra) ..." >&2
mkdir -p "$work/ctx"
cat >"$work/ctx/Dockerfile" <<DOCKERFILE
FROM $base
RUN echo "deb $mirror bookworm main" > /etc/apt/sources.list \\
 && apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-nbclient python3-ipykernel python-is-python3 $extra \\
 && rm -rf /var/lib/apt/lists/*
# Orchest setup scripts run "pip install ..." as root: let pip use Debian's Python (PEP 668 would
# refuse), so packages the image already has are simply "already satisfied", offline.
ENV PIP_BREAK_SYSTEM_PACKAGES=1
CMD ["python3"]
DOCKERFILE
# The full output goes to a log; stderr shows the steps and apt's progress, the log's tail on failure.
if ! DOCKER_BUILDKIT=0 docker build --force-rm -t "$name" "$work/ctx" 2>&1 | tee "$work/build.log" \
    | grep --line-buffered -E '^(Step [0-9]+/[0-9]+|[0-9]+ upgraded, [0-9]+ newly installed|Get:[0-9]+ |Setting up )' >&2; then
  if ! grep -q '^Successfully tagged' "$work/build.log"; then
    echo "error: docker build of $name failed; last lines of its output:" >&2
    tail -n 30 "$work/build.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
    exit 1
  fi
fi
echo "built $name" >&2
