-- When a device was taken out of service: uptime leaves the time after it out of every period
-- (docs/uptime.md). Devices decommissioned before this column existed keep their last update time.
ALTER TABLE devices ADD COLUMN decommissioned_at timestamptz;
UPDATE devices SET decommissioned_at = updated_at WHERE state = 'DECOMMISSIONED';
