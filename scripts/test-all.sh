#!/usr/bin/env bash
# The one command that installs what the tests need and runs them all (README: "Run the tests").
set -uo pipefail
cd "$(dirname "$0")/.."
export ORCHEST_ARROW_VENV="${ORCHEST_ARROW_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/orchest-test/arrow-venv}"
bash scripts/setup-test-env.sh || { echo "set-up failed" >&2; exit 1; }

export ORCHEST_TEST_IMAGE="${ORCHEST_TEST_IMAGE:-orchest-test-py:latest}"
export ORCHEST_REQUIRE_DOCKER=1
failed=()
passed=0
step() {
  local name="$1"; shift
  printf '\n==> %s\n' "$name"
  if "$@"; then echo "--- $name: ok"; passed=$((passed + 1)); else echo "--- $name: FAILED"; failed+=("$name"); fi
}

step "typecheck" npx tsc -p tsconfig.json --noEmit
step "lint" npx eslint .
step "unit tests (vitest)" npx vitest run --exclude '**/*.docker.test.ts'
# One Docker suite at a time: Debian's dockerd 20.10 can deadlock when many containers start and
# stop at once (moby/moby#42545), and 2 cores give nothing to gain from overlap.
step "integration tests (vitest, real Docker)" npx vitest run --no-file-parallelism docker.test
step "Python SDK tests (unittest)" /usr/bin/python3 -m unittest discover -s resources/sdk/tests
step "Python SDK tests with pyarrow and polars (unittest, venv)" \
  env ORCHEST_REQUIRE_ARROW=1 "$ORCHEST_ARROW_VENV/bin/python" -m unittest discover -s resources/sdk/tests
step "end-to-end tests (Playwright, Debian Chromium)" npx playwright test -c e2e/playwright.config.ts

echo
echo "suites: $passed passed, ${#failed[@]} failed"
if [ "${#failed[@]}" -eq 0 ]; then
  echo "all test suites passed"
  exit 0
fi
echo "failed: ${failed[*]}"
exit 1
