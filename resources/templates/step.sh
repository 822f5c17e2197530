#!/usr/bin/env bash
# A pipeline step in bash. It runs in its own container, with the project folder as working
# directory. ORCHEST_STEP_UUID and ORCHEST_PIPELINE_UUID say which step and pipeline this is.
set -euo pipefail

echo "step ${ORCHEST_STEP_UUID:-?} of pipeline ${ORCHEST_PIPELINE_UUID:-?}"
