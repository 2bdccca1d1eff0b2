#!/usr/bin/env bash
# Uptime and coverage reports at province scale: 12,200 kiosks in a province's area tree (13 cities,
# 130 districts, 1,300 streets), 30 days of history with about 20 connectivity transitions per kiosk
# per day (about 7.3 million rows), 4 service-state transitions per kiosk per day, two hub outages
# (UNKNOWN for every kiosk) and weekly maintenance windows. Times each report over HTTP, the median of
# RUNS runs (one run with nothing stored), first with no daily rows stored (HUB_REPORTS_ROLLUP_INTERVAL=0: everything computed from
# transitions), then after the hub stored the ended days. Needs what scripts/test.sh needs (Debian,
# root); starts and stops its own TimescaleDB. Results in bench/results/<time>/; figures in
# docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
COLD=${COLD:-1} # 0 skips the phase with nothing stored (about 4 minutes)
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

# shellcheck source=bench/services.sh
source bench/services.sh
start_services
# shellcheck source=bench/common.sh
source bench/common.sh

start_hub bench-migrate "" # migrates the schema; embedded broker, nothing else is needed
stop_hub
note "machine: $(nproc) cores; hub heap $HEAP; generating the province's history"
start=$(date +%s)
"${PSQL[@]}" <<'SQL'
CREATE TEMP TABLE t AS SELECT (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai') AS today;
INSERT INTO areas (code, name, level, parent_code, kind) VALUES ('990000000000', '基准省', 'PROVINCE', NULL, 'URBAN');
INSERT INTO areas (code, name, level, parent_code, kind)
SELECT '99' || lpad(c::text, 2, '0') || '00000000', '基准市' || c, 'CITY', '990000000000', 'URBAN' FROM generate_series(1, 13) c;
INSERT INTO areas (code, name, level, parent_code, kind)
SELECT '99' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || '000000', '区' || c || '-' || k, 'COUNTY',
       '99' || lpad(c::text, 2, '0') || '00000000', 'URBAN'
  FROM generate_series(1, 13) c, generate_series(1, 10) k;
INSERT INTO areas (code, name, level, parent_code, kind)
SELECT '99' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || lpad(s::text, 3, '0') || '000', '街道' || c || '-' || k || '-' || s,
       'STREET', '99' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || '000000', 'URBAN'
  FROM generate_series(1, 13) c, generate_series(1, 10) k, generate_series(1, 10) s;
INSERT INTO areas (code, name, level, parent_code, kind)
SELECT code, name, 'COMMUNITY', parent, CASE WHEN n % 4 = 0 THEN 'URBAN' ELSE 'RURAL' END FROM (
  SELECT left(a.code, 9) || lpad(m::text, 3, '0') AS code, '社区' || a.code || '-' || m AS name, a.code AS parent,
         row_number() OVER (ORDER BY m, a.code) AS n
    FROM areas a, generate_series(1, 10) m WHERE a.level = 'STREET' AND a.code LIKE '99%') x WHERE n <= 12200;
INSERT INTO devices (id, device_class, area_code, name, installed_at, created_at)
SELECT 'kiosk-' || code, 'KIOSK', code, '一体机 ' || code, t.today - interval '60 days', t.today - interval '60 days'
  FROM areas, t WHERE level = 'COMMUNITY' AND code LIKE '99%';
-- offline spells of a few minutes to two hours between online ones, 10 of each per day on average
INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason)
SELECT id, ts, CASE WHEN n % 2 = 0 THEN 'OFFLINE' ELSE 'ONLINE' END, CASE WHEN n % 2 = 0 THEN 'ONLINE' ELSE 'OFFLINE' END,
       CASE WHEN n % 2 = 0 THEN 'MESSAGE' ELSE 'SILENT' END
  FROM (SELECT d.id, x.ts, row_number() OVER (PARTITION BY d.id ORDER BY x.ts) AS n
          FROM devices d CROSS JOIN t
          CROSS JOIN LATERAL (SELECT DISTINCT t.today - interval '30 days' + random() * interval '30 days' + 0 * length(d.id) * interval '1 s' AS ts
                                FROM generate_series(1, 600)) x
         WHERE d.id LIKE 'kiosk-99%') y;
-- two hub outages: every kiosk UNKNOWN for 40 minutes, then as before
INSERT INTO connectivity_changes (device_id, ts, from_state, to_state, reason)
SELECT d.id, t.today - o.days * interval '1 day' + interval '3 hours', 'ONLINE', 'UNKNOWN', 'HUB_DOWN'
  FROM devices d, t, (VALUES (9), (21)) o (days) WHERE d.id LIKE 'kiosk-99%'
ON CONFLICT DO NOTHING;
INSERT INTO service_changes (device_id, ts, in_service, reason)
SELECT id, ts, n % 2 = 1, CASE WHEN n % 2 = 1 THEN 'IN_SERVICE' ELSE 'PRINTER_PAPER_OUT' END
  FROM (SELECT d.id, x.ts, row_number() OVER (PARTITION BY d.id ORDER BY x.ts) AS n
          FROM devices d CROSS JOIN t
          CROSS JOIN LATERAL (SELECT DISTINCT t.today - interval '30 days' + random() * interval '30 days' + 0 * length(d.id) * interval '1 s' AS ts
                                FROM generate_series(1, 120)) x
         WHERE d.id LIKE 'kiosk-99%') y;
INSERT INTO maintenance_windows (area_code, starts_at, ends_at, weekly, reason, created_by)
SELECT '99' || lpad(c::text, 2, '0') || '00000000', t.today - interval '35 days' + interval '2 hours',
       t.today - interval '35 days' + interval '4 hours', true, 'weekly upgrade', 'bench'
  FROM generate_series(1, 13, 3) c, t;
ANALYZE;
SQL
note "generated in $(( $(date +%s) - start )) s: $("${PSQL[@]}" -c "SELECT count(*) FROM connectivity_changes") connectivity changes, $("${PSQL[@]}" -c "SELECT count(*) FROM service_changes") service changes, $("${PSQL[@]}" -c "SELECT count(*) FROM devices WHERE id LIKE 'kiosk-99%'") kiosks"

TODAY=$("${PSQL[@]}" -c "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")
FROM=$("${PSQL[@]}" -c "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - 30")
TO=$("${PSQL[@]}" -c "SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - 1")
AT=$("${PSQL[@]}" -c "SELECT to_char((now() - interval '12 days 5 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
COMMUNITY=$("${PSQL[@]}" -c "SELECT min(code) FROM areas WHERE level = 'COMMUNITY' AND code LIKE '9907%'")

timed() { # $1: label; $2: path and query; prints the median of $runs runs in ms
  local times=()
  for _ in $(seq 1 "$runs"); do
    times+=("$(curl -sf -o "$OUT/last.json" -w '%{time_total}' -u admin:bench-admin-password "localhost:$HTTP_PORT$2")")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)] * 1000}')
  note "$1: median $median ms (runs: ${times[*]} s)"
}

measure() { # $1: phase
  note "-- $1"
  timed "baseline: an authenticated read of one area (HTTP Basic checks a bcrypt hash, cost 10, on every request)" "/api/v1/areas/$COMMUNITY"
  timed "province by city, 30 whole days ($FROM to $TO)" "/api/v1/reports/uptime?area=990000000000&groupBy=city&from=$FROM&to=$TO"
  timed "province by city, 30 whole days, service hours" "/api/v1/reports/uptime?area=990000000000&groupBy=city&from=$FROM&to=$TO&serviceHours=true"
  timed "province by city, the last 30 days up to now (today computed afresh)" "/api/v1/reports/uptime?area=990000000000&groupBy=city&from=$FROM"
  timed "one community by device, 30 whole days" "/api/v1/reports/uptime?area=$COMMUNITY&from=$FROM&to=$TO"
  timed "one community by device, the last 30 days up to now" "/api/v1/reports/uptime?area=$COMMUNITY&from=$FROM"
  timed "coverage of the province at an instant ($AT)" "/api/v1/reports/coverage?area=990000000000&at=$AT"
  timed "coverage of the province now (the current states)" "/api/v1/reports/coverage?area=990000000000"
  timed "coverage of the province over 30 whole days" "/api/v1/reports/coverage?area=990000000000&from=$FROM&to=$TO"
}

if [ "$COLD" = 1 ]; then
  runs=1
  HUB_REPORTS_ROLLUP_INTERVAL=0 start_hub bench-cold ""
  measure "nothing stored: every day computed from transitions (one run each)"
  stop_hub
fi
start_hub bench-warm ""
start=$(date +%s)
until [ "$("${PSQL[@]}" -c "SELECT count(*) FROM uptime_rolled WHERE until >= '$TO' AND device_id LIKE 'kiosk-99%'")" = 12200 ]; do
  sleep 2
  [ $(( $(date +%s) - start )) -lt 1800 ] || { echo "the days were not stored within 30 minutes" >&2; exit 1; }
done
runs=$RUNS
note "the hub stored $("${PSQL[@]}" -c "SELECT count(*) FROM uptime_days") device-days in $(( $(date +%s) - start )) s"
measure "ended days stored"
note "today: $TODAY"
