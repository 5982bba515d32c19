#!/usr/bin/env bash
# The peer part of `./landmap bench N`: bbox GeoJSON served by LandMap beside raw PostGIS SQL and MapServer 8 (OGC API
# Features and WFS), measured in one run by the peer harness (../shared/bench, read-only). Called by ./landmap, which has
# built the API in Release; results go to $RESULTS_DIR (/tmp/landmap-bench/results/N<N> by default).
#
#   tests/bench/peer.sh prepare N   cluster + the harness's parcels (database bench_n<N>: never another N's data) + LandMap's
#                             own copy of them (database landmap_bench_n<N>) + LandMap started on it; prints its pid
#   tests/bench/peer.sh measure N   the harness's run_all.sh with LandMap as two extra targets (default and lean responses)
#   tests/bench/peer.sh http N      bytes per feature (identity, gzip, br) beside MapServer's, and vector tiles z 8–16 cold and
#                             repeated (LandMap.Api bench-http)
#   tests/bench/peer.sh finish      stop MapServer (on our MS port) and the LandMap this script started (by their pid files);
#                             the harness cluster keeps running: others may be measuring on it
#
# Settings: LANDMAP_BENCH_HARNESS (the harness folder, default $ROOT/../shared/bench), LANDMAP_BENCH_PGPORT (55442),
#   LANDMAP_BENCH_MS_PORT (58090), LANDMAP_BENCH_APP_PORT (5104), LANDMAP_BENCH_RESULTS (/tmp/landmap-bench/results),
#   and the harness's own DURATION, WARMUP, CONCURRENCY, SIZES, QUIET_* (see its README).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="${LANDMAP_BENCH_HARNESS:-$ROOT/../shared/bench}"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench]\033[0m %s\n' "$*" >&2; exit 1; }

for f in env.sh pg.sh gen_parcels.sh bench_sql.sh mapserver.sh bench_http.sh summary.sh run_all.sh; do
  [ -f "$HARNESS/$f" ] || die "peer harness not found: $HARNESS/$f is missing. Set LANDMAP_BENCH_HARNESS to the folder of the peer benchmark (pg.sh, gen_parcels.sh, bench_http.sh …; see README, Benchmark)."
done
HARNESS="$(cd "$HARNESS" && pwd)"

CMD="${1:?usage: tests/bench/peer.sh prepare|measure|http N | finish}"
N="${2:-100000}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive whole number, not '$N'"
export PGPORT="${LANDMAP_BENCH_PGPORT:-55442}" MS_PORT="${LANDMAP_BENCH_MS_PORT:-58090}"
# One harness database per N: another N's data (another helper may be measuring on it) is never regenerated.
export PGDATABASE="bench_n$N"
export RESULTS_DIR="${LANDMAP_BENCH_RESULTS:-/tmp/landmap-bench/results}/N$N"
APP_PORT="${LANDMAP_BENCH_APP_PORT:-5104}"
LM_DB="landmap_bench_n$N"
LM_CS="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$LM_DB"
APP_DIR="$ROOT/src/LandMap.Api"
APP_BIN="$APP_DIR/bin/Release/net10.0/LandMap.Api"
APP_ROOT="/tmp/landmap-bench/app_$APP_PORT"
PIDFILE="$APP_ROOT/landmap.pid"
# The harness's six properties, the lean response: a LandMap feature's id is its code, so code is not asked again as a
# property (the harness's integer id is an internal key LandMap does not publish); zone, land use, area and status.
LEAN_PROPERTIES="zone,landUse,areaMu,status"
ITEMS="http://127.0.0.1:$APP_PORT/collections/parcels/items?bbox={minx},{miny},{maxx},{maxy}&limit={limit}"

# shellcheck source=/dev/null
source "$HARNESS/env.sh"

app_running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
app_ready() { curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$APP_PORT/collections/parcels"; }

stop_app() {
  app_running || { rm -f "$PIDFILE"; return 0; }
  local pid; pid="$(cat "$PIDFILE")"
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  log "LandMap (pid $pid) stopped"
}

start_app() {
  [ -x "$APP_BIN" ] || die "$APP_BIN missing: the Release build of this checkout (./landmap bench builds it)"
  stop_app
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/"; then
    die "port $APP_PORT is taken by a process this script did not start: set LANDMAP_BENCH_APP_PORT"
  fi
  mkdir -p "$APP_ROOT"
  # As shipped (Production, no demo data), with three settings: all four harness statuses are public (the public sees
  # idle and negotiating only by default; the peers send every parcel in the box), the anonymous rate limit is lifted
  # (wrk sends hundreds of requests per second from one address), and the tile cache is off (no response cache keyed on
  # the request while measuring: the figures are for uncached work).
  (cd "$APP_DIR" && LANDMAP_DB="$LM_CS" ASPNETCORE_ENVIRONMENT=Production Demo__Load=false Demo__Users=false \
     Access__PublicStatuses__0=idle Access__PublicStatuses__1=negotiating Access__PublicStatuses__2=reserved \
     Access__PublicStatuses__3=allocated Access__RateLimits__AnonymousPerIpPerMinute=2000000000 Tiles__CacheMegabytes=0 \
     setsid bash -c 'echo $$ >"$0"; exec "$1" --urls "$2"' "$PIDFILE" "$APP_BIN" "http://127.0.0.1:$APP_PORT" \
     </dev/null >"$APP_ROOT/landmap.log" 2>&1 &)
  for _ in $(seq 120); do
    app_ready && break
    if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  app_ready || { tail -30 "$APP_ROOT/landmap.log" >&2; die "LandMap did not answer on 127.0.0.1:$APP_PORT (log: $APP_ROOT/landmap.log)"; }
  log "LandMap $(git -C "$ROOT" rev-parse --short HEAD) (Release) on 127.0.0.1:$APP_PORT, pid $(cat "$PIDFILE"), database $LM_DB"
}

generation() { psql_bench -tAc "select string_agg(k || '=' || v, ' ' order by k) from bench_meta where k in ('n','seed','finished')"; }
loaded() {
  psql_bench -d "$LM_DB" -tAc "select case when to_regclass('landmap_bench_meta') is null then '' else
    (select string_agg(k || '=' || v, ' ' order by k) from landmap_bench_meta where k in ('n','seed','finished')) end" 2>/dev/null || true
}

load() {
  local want; want="$(generation)"
  if [ "$(loaded)" = "$want" ] && [ "${FORCE:-0}" != 1 ]; then
    log "$LM_DB already holds the harness's parcels ($want)"
    return 0
  fi
  log "copying $PGDATABASE.parcels ($want) into $LM_DB"
  local t0; t0=$(date +%s.%N)
  psql_bench -d "$LM_DB" -c "DROP TABLE IF EXISTS bench_src" \
    -c "CREATE UNLOGGED TABLE bench_src (id integer, code text, zone text, land_use text, area_mu float8, status text, geom geometry(Polygon, 4326))"
  psql_bench -c "COPY (SELECT id, code, zone, land_use, area_mu, status, geom FROM parcels) TO STDOUT" \
    | psql_bench -d "$LM_DB" -c "COPY bench_src FROM STDIN"
  psql_bench -d "$LM_DB" -v meta="$want" -f "$ROOT/tests/bench/load_parcels.sql" >/dev/null
  # Same coordinates as the harness, row by row (md5 over id + WKB, SRID aside).
  local a b
  a="$(psql_bench -tAc "SELECT md5(string_agg(id || ':' || encode(ST_AsBinary(geom), 'hex'), ',' ORDER BY id)) FROM parcels")"
  b="$(psql_bench -d "$LM_DB" -tAc "SELECT md5(string_agg(id || ':' || encode(ST_AsBinary(ST_GeometryN(geom, 1)), 'hex'), ',' ORDER BY id)) FROM parcels")"
  [ "$a" = "$b" ] || die "geometry mismatch after the copy (md5 $a vs $b)"
  log "loaded $(psql_bench -d "$LM_DB" -tAc "SELECT count(*) FROM parcels") parcels in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s; geometries identical to the harness's"
}

prepare() {
  "$HARNESS/pg.sh" start >&2
  "$HARNESS/gen_parcels.sh" "$N" >&2
  if [ "$(psql_bench -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$LM_DB'")" != 1 ]; then
    psql_bench -d postgres -c "CREATE DATABASE $LM_DB"
  fi
  psql_bench -d "$LM_DB" -c "CREATE EXTENSION IF NOT EXISTS postgis"
  start_app   # applies the migrations
  load
  start_app   # fresh process: nothing cached from the load, statements prepared anew
}

measure() {
  app_running || die "LandMap is not running: tests/bench/peer.sh prepare $N first"
  # MapServer on our port must read this N's database: a server left from another N is restarted.
  if "$HARNESS/mapserver.sh" status >/dev/null 2>&1 && ! grep -q "dbname=$PGDATABASE " "$BENCH_MS_ROOT/parcels.map" 2>/dev/null; then
    "$HARNESS/mapserver.sh" stop >&2
  fi
  mkdir -p "$RESULTS_DIR"
  local targets="$RESULTS_DIR/targets.txt" pid; pid="$(cat "$PIDFILE")"
  {
    echo "landmap-default $ITEMS $pid"
    echo "landmap-lean $ITEMS&properties=$LEAN_PROPERTIES $pid"
  } >"$targets"
  # KEEP=1: MapServer stays up for the bytes check (tests/bench/peer.sh http); 'finish' stops it.
  KEEP=1 TARGETS_FILE="$targets" "$HARNESS/run_all.sh" "$N" >"$RESULTS_DIR/run_all.log" 2>&1 \
    || { tail -30 "$RESULTS_DIR/run_all.log" >&2; die "the harness's run_all.sh failed (log: $RESULTS_DIR/run_all.log)"; }
  grep -E '^[a-z-]+ N=[0-9]+ size=|check:|warning' "$RESULTS_DIR/run_all.log" >&2 || true
}

http() {
  app_running || die "LandMap is not running: tests/bench/peer.sh prepare $N first"
  "$HARNESS/mapserver.sh" start >&2
  LANDMAP_BENCH_HARNESS_DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$PGDATABASE" \
  LANDMAP_BENCH_APP_URL="http://127.0.0.1:$APP_PORT" LANDMAP_BENCH_MS_URL="http://127.0.0.1:$MS_PORT" \
  LANDMAP_BENCH_OUT="$RESULTS_DIR" LANDMAP_BENCH_LEAN="$LEAN_PROPERTIES" "$APP_BIN" bench-http "$N"
}

# Our servers go; the harness cluster stays (others measure on it; bench/pg.sh start reuses it next time).
finish() {
  "$HARNESS/mapserver.sh" stop >&2 || true
  stop_app
}

case "$CMD" in
  prepare) prepare; cat "$PIDFILE" ;;
  measure) measure ;;
  http) http ;;
  finish) finish ;;
  env) echo "HARNESS=$HARNESS PGPORT=$PGPORT PGDATABASE=$PGDATABASE MS_PORT=$MS_PORT RESULTS_DIR=$RESULTS_DIR APP_PORT=$APP_PORT LM_DB=$LM_DB" ;;
  *) die "usage: tests/bench/peer.sh prepare|measure|http N | finish" ;;
esac
