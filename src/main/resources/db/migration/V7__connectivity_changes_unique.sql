-- A device's connectivity changes are strictly increasing in time (connectivity.Links places a change
-- that would land at or before the previous one a microsecond after it), so (device_id, ts) identifies
-- one, and a change written twice (a commit whose answer was lost, then retried) is stored once:
-- the hub inserts with ON CONFLICT (device_id, ts) DO NOTHING.
-- Earlier versions could write two changes at one instant; the later row of each pair is kept.
DELETE FROM connectivity_changes a
 USING connectivity_changes b
 WHERE a.device_id = b.device_id AND a.ts = b.ts AND a.ctid < b.ctid;
DROP INDEX connectivity_changes_device_ts;
CREATE UNIQUE INDEX connectivity_changes_device_ts ON connectivity_changes (device_id, ts DESC);
