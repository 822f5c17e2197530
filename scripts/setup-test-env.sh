#!/usr/bin/env bash
# Install and start what the tests need on Debian 12 (run as root): Docker engine, Chromium,
# debootstrap, strace (the API fuzzer watches the server with it), the npm dependencies, the built UI, and the offline test image.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(docker.io chromium debootstrap strace ca-certificates python3-nbclient python3-ipykernel python3-numpy python3-pandas python3-venv)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  as_root sh -c 'nohup dockerd >/var/log/orchest-test-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/orchest-test-dockerd.log" >&2; tail -n 20 /var/log/orchest-test-dockerd.log >&2; exit 1; }
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi

log "npm run build"
npm run build --silent

# Images for the tests, built offline (debootstrap + docker import + Debian packages): no registry.
build_image() {
  local name="$1"; shift
  if ! docker image inspect "$name" >/dev/null 2>&1; then
    log "building the test image $name offline ($*)"
    node bin/orchest.js image build-offline "$name" "$@"
  fi
}
build_image "${ORCHEST_TEST_IMAGE:-orchest-test-py:latest}" --packages "python3-numpy python3-pandas"
# The quickstart acceptance test: what its setup script pip-installs, already in the image.
build_image "${ORCHEST_QUICKSTART_IMAGE:-orchest-quickstart-base:latest}" --packages "python3-pip python3-pandas python3-sklearn python3-matplotlib"
# Stand-ins for Orchest's base images (python at /opt/conda/bin, pip, sudo for the step's user;
# R adds R, IRkernel and reticulate): project builds and R steps.
build_image "${ORCHEST_TEST_KERNEL_PY_IMAGE:-orchest-test-kernel-py:latest}" --like orchest/base-kernel-py
build_image "${ORCHEST_TEST_KERNEL_R_IMAGE:-orchest-test-kernel-r:latest}" --like orchest/base-kernel-r --packages python3-pandas
# The classic Jupyter server without JupyterLab (Debian's Notebook 6): the sessions' fallback.
build_image "${ORCHEST_TEST_NOTEBOOK_IMAGE:-orchest-test-notebook:latest}" --packages jupyter-notebook
# A second Docker engine for the remote-engine tests (tests/support/remote-engine.ts) and the daemon a
# fault test kills (tests/support/killable-engine.ts): its own
# dockerd and sshd in a container (Debian's docker.io and openssh-server).
build_image "${ORCHEST_TEST_REMOTE_ENGINE_IMAGE:-orchest-test-remote-engine:latest}" --packages "docker.io openssh-server"
# Images with Python packages from the air-gapped mirror pip's configuration names, given to the
# build as config package_index as a user would (tests/support/local-package-index.ts finds it).
build_image_with_index() {
  local name="$1"; shift
  docker image inspect "$name" >/dev/null 2>&1 && return 0
  local index_home
  index_home="$(mktemp -d)"
  mkdir -p "$index_home/orchest"
  node --import tsx -e "import('./tests/support/local-package-index.ts').then((m) => console.log(JSON.stringify({ package_index: m.localPackageIndex() })))" \
    >"$index_home/orchest/config.json"
  XDG_CONFIG_HOME="$index_home" build_image "$name" "$@"
  rm -rf "$index_home"
}
# Arrow data passing between steps (tests/acceptance/arrow-passing.docker.test.ts): pyarrow, polars.
build_image_with_index "${ORCHEST_TEST_ARROW_IMAGE:-orchest-test-arrow:latest}" --packages "python3-numpy python3-pandas" --pip "pyarrow polars"
# Jupyter servers (main/src/sessions): JupyterLab.
build_image_with_index "${ORCHEST_TEST_JUPYTER_IMAGE:-orchest-test-jupyter:latest}" --packages "python3-numpy python3-pandas" --pip jupyterlab
# Services beside a pipeline (main/src/sessions, examples/streamlit-service): Streamlit.
build_image_with_index "${ORCHEST_TEST_STREAMLIT_IMAGE:-orchest-test-streamlit:latest}" --packages "python3-numpy python3-pandas" --pip streamlit

# The SDK's Arrow tests: pyarrow and polars are not Debian packages; pip's configured index
# (`pip config list`) has them. Debian's numpy/pandas come from the system site-packages. Pillow is
# for the output summaries' thumbnails (not matplotlib: the index's needs a newer numpy than Debian's).
arrow_venv="${ORCHEST_ARROW_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/orchest-test/arrow-venv}"
if ! "$arrow_venv/bin/python" -c 'import pyarrow, polars, PIL' >/dev/null 2>&1; then
  log "venv with pyarrow, polars and Pillow for the SDK's Arrow tests ($arrow_venv)"
  rm -rf "$arrow_venv"
  # Not fatal: only the Arrow suite needs it, and it fails saying what is missing.
  { /usr/bin/python3 -m venv --system-site-packages "$arrow_venv" \
      && "$arrow_venv/bin/pip" install --quiet --disable-pip-version-check pyarrow polars pillow >"$arrow_venv/pip-install.log" 2>&1; } \
    || log "could not make $arrow_venv with pyarrow, polars and Pillow (is a package index configured? pip config list; see $arrow_venv/pip-install.log): the SDK's Arrow tests will fail"
fi
