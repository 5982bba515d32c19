#!/usr/bin/env bash
# The page figures for `./landmap bench` (its page hook): `./landmap bench-page N` over the benchmark database that the
# bench has just seeded with N parcels. Usage: tests/bench/page.sh N RESULTS_DIR (the bench keeps this output as page_N<N>.txt).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
exec "$ROOT/landmap" bench-page "${1:?usage: tests/bench/page.sh N RESULTS_DIR}"
