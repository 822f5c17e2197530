#!/usr/bin/env bash
# A shell step: steps need not be Python.
set -euo pipefail
echo "running in $(pwd) as uid $(id -u)"
echo "sum of 1..10: $(( $(seq -s+ 1 10) ))"
