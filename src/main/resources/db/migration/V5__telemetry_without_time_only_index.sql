-- create_hypertable adds an index on (ts DESC) to every hypertable. Telemetry is read per device
-- (the unique (device_id, ts DESC, seq) index) and by time through chunk exclusion, so the extra
-- index only costs every insert a second index update. Events and connectivity changes keep theirs.
DROP INDEX IF EXISTS telemetry_kiosk_ts_idx;
DROP INDEX IF EXISTS telemetry_parcel_locker_ts_idx;
DROP INDEX IF EXISTS telemetry_broadcast_unit_ts_idx;
DROP INDEX IF EXISTS telemetry_elder_alert_ts_idx;
