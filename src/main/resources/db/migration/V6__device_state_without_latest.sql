-- The latest reading is read from the telemetry hypertable (newest row by the (device_id, ts DESC)
-- index) instead of being copied into device_state with every message: that copy doubled the rows
-- written per message. device_state keeps connectivity and the last-seen time.
ALTER TABLE device_state DROP COLUMN latest_ts, DROP COLUMN latest_seq, DROP COLUMN latest;
