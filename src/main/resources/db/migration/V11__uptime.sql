-- Uptime reports (docs/uptime.md): whether each kiosk could serve a resident, kept as transitions at
-- ingest like connectivity changes; daily per-device accounting that reports sum instead of reading
-- every transition again; and how many microseconds a set of time ranges covers.

-- A kiosk is in service while it says IN_SERVICE and none of its printer, card reader or screen is
-- faulty (reason names what is not). Dated at the receive time, like connectivity changes, so that
-- the two histories cut each other on one clock; strictly increasing per device.
CREATE TABLE service_changes (
    device_id  text COLLATE "C" NOT NULL,
    ts         timestamptz NOT NULL,
    in_service boolean     NOT NULL,
    reason     text        NOT NULL
);
CREATE UNIQUE INDEX service_changes_device_ts ON service_changes (device_id, ts DESC);

-- The current service state per device, what the hub loads at start.
CREATE TABLE service_state (
    device_id  text COLLATE "C" PRIMARY KEY REFERENCES devices (id),
    in_service boolean     NOT NULL,
    since      timestamptz NOT NULL,
    reason     text        NOT NULL
);

-- One device's accounting over one local day [day, day + 1) in the zone of uptime_days_basis, in
-- microseconds: with all hours counted, and with service hours only (hours_*). Excluded time is the
-- day's length minus the rest. "serving" is online and in service. Rows exist only for days that
-- ended; they are deleted when what they were computed from changes (a late transition, a
-- maintenance window, a device's installation, decommissioning or area), and computed again.
CREATE TABLE uptime_days (
    device_id            text COLLATE "C" NOT NULL,
    day                  date   NOT NULL,
    online_us            bigint NOT NULL,
    offline_us           bigint NOT NULL,
    unknown_us           bigint NOT NULL,
    maintenance_us       bigint NOT NULL,
    serving_us           bigint NOT NULL,
    hours_online_us      bigint NOT NULL,
    hours_offline_us     bigint NOT NULL,
    hours_unknown_us     bigint NOT NULL,
    hours_maintenance_us bigint NOT NULL,
    hours_serving_us     bigint NOT NULL,
    PRIMARY KEY (day, device_id)
);
CREATE INDEX uptime_days_device ON uptime_days (device_id, day);

-- Which of each device's days are in uptime_days: every day from "since" to "until" (both included)
-- is there and current. A late transition or a new maintenance window moves "until" back; the hub
-- rolls it forward again. "since" is the first day the hub stored for the device.
CREATE TABLE uptime_rolled (
    device_id text COLLATE "C" PRIMARY KEY REFERENCES devices (id),
    since     date NOT NULL,
    until     date NOT NULL
);

-- The zone and service hours the rows of uptime_days were computed with: when the configuration
-- changes, the hub empties uptime_days at start.
CREATE TABLE uptime_days_basis (
    id    integer PRIMARY KEY CHECK (id = 1),
    basis text NOT NULL
);

CREATE FUNCTION range_us(tstzmultirange) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT coalesce(sum((extract(epoch FROM upper(r) - lower(r)) * 1000000)::bigint), 0)
              FROM unnest($1) AS r);

-- The digits every code in an area's subtree starts with (areas.AreaCode#subtreePrefix).
CREATE FUNCTION area_subtree_prefix(code text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN length(code) = 15 THEN code
                WHEN substr(code, 3) = '0000000000' THEN left(code, 2)
                WHEN substr(code, 5) = '00000000' THEN left(code, 4)
                WHEN substr(code, 7) = '000000' THEN left(code, 6)
                WHEN substr(code, 10) = '000' THEN left(code, 9)
                ELSE code END;

-- What a stored day was computed from changes outside ingest: a device's installation, decommissioning
-- or area, or a maintenance window. The days from then on are no longer current (a day earlier than
-- the UTC date, so that any zone is covered); rows locked in device order, as the hub's writers do.
CREATE FUNCTION uptime_forget(devices text[], from_time timestamptz) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM uptime_rolled WHERE device_id = ANY (devices) ORDER BY device_id FOR UPDATE;
    UPDATE uptime_rolled SET until = (from_time AT TIME ZONE 'UTC')::date - 2
     WHERE device_id = ANY (devices) AND until >= (from_time AT TIME ZONE 'UTC')::date - 1;
END
$$;

CREATE FUNCTION uptime_forget_device() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM uptime_forget(ARRAY[NEW.id], '-infinity');
    RETURN NULL;
END
$$;
CREATE TRIGGER devices_uptime_forget AFTER UPDATE ON devices FOR EACH ROW
    WHEN (OLD.installed_at IS DISTINCT FROM NEW.installed_at OR OLD.decommissioned_at IS DISTINCT FROM NEW.decommissioned_at
          OR OLD.area_code IS DISTINCT FROM NEW.area_code)
    EXECUTE FUNCTION uptime_forget_device();

CREATE FUNCTION uptime_forget_maintenance() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    w maintenance_windows;
    from_time timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        w := OLD;
        from_time := OLD.starts_at;
    ELSIF TG_OP = 'INSERT' THEN
        w := NEW;
        from_time := NEW.starts_at;
    ELSE
        w := NEW;
        from_time := least(OLD.ends_at, NEW.ends_at);
        IF NEW.weekly OR OLD.weekly THEN
            from_time := least(coalesce(OLD.repeat_until, 'infinity'), coalesce(NEW.repeat_until, 'infinity'));
        END IF;
        IF OLD.starts_at <> NEW.starts_at OR OLD.weekly <> NEW.weekly THEN
            from_time := least(OLD.starts_at, NEW.starts_at);
        END IF;
    END IF;
    PERFORM uptime_forget(ARRAY(SELECT id FROM devices
                                 WHERE id = w.device_id
                                    OR (w.area_code IS NOT NULL AND area_code LIKE area_subtree_prefix(w.area_code) || '%')),
                          from_time);
    RETURN NULL;
END
$$;
CREATE TRIGGER maintenance_windows_uptime_forget AFTER INSERT OR UPDATE OR DELETE ON maintenance_windows
    FOR EACH ROW EXECUTE FUNCTION uptime_forget_maintenance();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('service_changes', 'ts', chunk_time_interval => INTERVAL '30 days');
    END IF;
END
$$;
