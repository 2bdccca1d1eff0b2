-- Events (SOS, FALL, DOOR_FORCED, SELF_TEST, ...), the latest state of each device, and every
-- connectivity change with its reason. Hypertables where TimescaleDB is available, as in V2.

CREATE TABLE events (
    device_id    text COLLATE "C" NOT NULL,
    ts           timestamptz NOT NULL,
    seq          bigint      NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    device_class text        NOT NULL,
    type         text        NOT NULL,
    -- every field of the event besides ts, seq and type, as the device sent it
    body         jsonb
);
CREATE UNIQUE INDEX events_device_ts ON events (device_id, ts DESC, seq);
CREATE INDEX events_type_ts ON events (type, ts DESC);

-- One row per device that has ever been heard of: what the API's /state answers from.
CREATE TABLE device_state (
    device_id           text COLLATE "C" PRIMARY KEY REFERENCES devices (id),
    last_seen           timestamptz,
    latest_ts           timestamptz,
    latest_seq          bigint,
    latest              jsonb,
    connectivity        text        NOT NULL DEFAULT 'UNKNOWN'
                        CHECK (connectivity IN ('ONLINE', 'OFFLINE', 'UNKNOWN')),
    connectivity_since  timestamptz,
    connectivity_reason text
);

CREATE TABLE connectivity_changes (
    device_id  text COLLATE "C" NOT NULL,
    ts         timestamptz NOT NULL,
    from_state text        NOT NULL,
    to_state   text        NOT NULL,
    reason     text        NOT NULL
);
CREATE INDEX connectivity_changes_device_ts ON connectivity_changes (device_id, ts DESC);

-- When the hub was running: time outside these runs is unknown, never "offline".
CREATE TABLE hub_runs (
    id         bigserial PRIMARY KEY,
    instance   text        NOT NULL,
    started_at timestamptz NOT NULL,
    alive_at   timestamptz NOT NULL
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('events', 'ts', chunk_time_interval => INTERVAL '7 days');
        PERFORM create_hypertable('connectivity_changes', 'ts', chunk_time_interval => INTERVAL '30 days');
    END IF;
END
$$;
