#!/usr/bin/env bash
# Build a Debian image with Python, nbclient and ipykernel without any registry:
# debootstrap a minimal bookworm, `docker import` it, then add Debian packages with `docker build`
# (apt inside the build reaches Debian's mirror) and, with --pip, Python packages from the
# package index the caller passes in PIP_* variables. Progress goes to stderr.
# Usage: build-offline.sh [--like orchest/base-kernel-py|orchest/base-kernel-r] [--pip "PKGS"] NAME[:TAG] [PACKAGES...]
#   (packages may also be comma-separated)
# Env: ORCHEST_DEBIAN_MIRROR (default http://deb.debian.org/debian); PIP_INDEX_URL,
#   PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_TRUSTED_HOST, PIP_NO_INDEX: given to pip for --pip
#   as build arguments (they live only in the build, not in the image's environment).
# Env: ORCHEST_BASE_IMAGE: build on this Debian bookworm image the engine already has (e.g. a
#   pulled debian:bookworm-slim) instead of making one with debootstrap.
set -euo pipefail
fail() { echo "error: $*" >&2; exit 2; }
like=""; pip_pkgs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --like) like="${2:?--like needs orchest/base-kernel-py or orchest/base-kernel-r}"; shift 2 ;;
    --pip) pip_pkgs="$(echo "${2:?--pip needs a package list}" | tr ',' ' ')"; shift 2 ;;
    --) shift; break ;;
    -*) fail "unknown option $1" ;;
    *) break ;;
  esac
done
name="${1:?usage: build-offline.sh [--like KIND] [--pip PKGS] NAME[:TAG] [PACKAGES...]}"; shift || true
extra="$(echo "$*" | tr ',' ' ')"
mirror="${ORCHEST_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base="${ORCHEST_BASE_IMAGE:-orchest-offline-minbase:bookworm}"

# Orchest's base images (what projects' setup scripts and notebooks assume): `python` and
# /opt/conda/bin/python, pip, passwordless sudo for whichever uid the step runs as; R adds R,
# IRkernel (Debian registers it as the Jupyter kernel "ir") and reticulate.
case "$like" in
  "") like_pkgs="" ;;
  orchest/base-kernel-py) like_pkgs="python3-pip sudo" ;;
  orchest/base-kernel-r) like_pkgs="python3-pip sudo r-base-core r-cran-irkernel r-cran-reticulate" ;;
  *) fail "--like knows orchest/base-kernel-py and orchest/base-kernel-r, not '$like'" ;;
esac
[ -z "$pip_pkgs" ] || case " $like_pkgs $extra " in *" python3-pip "*) ;; *) like_pkgs="$like_pkgs python3-pip" ;; esac

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

apt_pkgs="python3-nbclient python3-ipykernel python-is-python3 $like_pkgs $extra"
echo "[3/3] docker build $name (${apt_pkgs}${pip_pkgs:+; pip: $pip_pkgs}${like:+; like $like}) ..." >&2
mkdir -p "$work/ctx"
cat >"$work/ctx/Dockerfile" <<DOCKERFILE
FROM $base
RUN echo "deb $mirror bookworm main" > /etc/apt/sources.list \\
 && apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $apt_pkgs \\
 && rm -rf /var/lib/apt/lists/*
# Orchest setup scripts run "pip install ..." as root: let pip use Debian's Python (PEP 668 would
# refuse), so packages the image already has are simply "already satisfied", offline.
ENV PIP_BREAK_SYSTEM_PACKAGES=1
DOCKERFILE
if [ -n "$like" ]; then
  # A step runs as the project owner's uid, which the image does not know: sudo refuses a user
  # missing from /etc/passwd, so the entrypoint adds one (the user has passwordless sudo anyway).
  cat >"$work/ctx/orchest-user.sh" <<'ENTRYPOINT'
#!/bin/sh
if ! id -un >/dev/null 2>&1; then
  echo "orchest:x:$(id -u):$(id -g):Orchest step user:${HOME:-/tmp}:/bin/bash" >>/etc/passwd
  getent group "$(id -g)" >/dev/null || echo "orchest:x:$(id -g):" >>/etc/group
fi
exec "$@"
ENTRYPOINT
  cat >>"$work/ctx/Dockerfile" <<DOCKERFILE
COPY orchest-user.sh /usr/local/bin/orchest-user.sh
RUN mkdir -p /opt/conda/bin \\
 && ln -s /usr/bin/python3 /opt/conda/bin/python && ln -s /usr/bin/python3 /opt/conda/bin/python3 \\
 && ln -s /usr/bin/pip3 /opt/conda/bin/pip \\
 && useradd -m -u 1000 -s /bin/bash jovyan \\
 && printf 'Defaults !pam_acct_mgmt\nALL ALL=(ALL:ALL) NOPASSWD: ALL\n' >/etc/sudoers.d/orchest && chmod 0440 /etc/sudoers.d/orchest \\
 && chmod 0666 /etc/passwd /etc/group && chmod 0755 /usr/local/bin/orchest-user.sh
ENV PATH=/opt/conda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin RETICULATE_PYTHON=/usr/bin/python3
ENTRYPOINT ["/usr/local/bin/orchest-user.sh"]
DOCKERFILE
fi
build_args=()
if [ -n "$pip_pkgs" ]; then
  pip_vars="PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_TRUSTED_HOST PIP_NO_INDEX"
  for v in $pip_vars; do
    echo "ARG $v" >>"$work/ctx/Dockerfile"
    [ -z "${!v:-}" ] || build_args+=(--build-arg "$v=${!v}")
  done
  echo "RUN pip install --no-cache-dir --progress-bar off $pip_pkgs" >>"$work/ctx/Dockerfile"
fi
echo 'CMD ["python3"]' >>"$work/ctx/Dockerfile"
# The full output goes to a log; stderr shows the steps, apt's and pip's progress, the log's tail on failure.
if ! DOCKER_BUILDKIT=0 docker build --force-rm "${build_args[@]}" -t "$name" "$work/ctx" 2>&1 | tee "$work/build.log" \
    | grep --line-buffered -E '^(Step [0-9]+/[0-9]+|[0-9]+ upgraded, [0-9]+ newly installed|Get:[0-9]+ |Setting up |Collecting |Successfully installed )' >&2; then
  if ! grep -q '^Successfully tagged' "$work/build.log"; then
    echo "error: docker build of $name failed; last lines of its output:" >&2
    tail -n 30 "$work/build.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
    exit 1
  fi
fi
echo "built $name" >&2
