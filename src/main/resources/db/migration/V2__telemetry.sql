-- One typed telemetry table per device class. Fields outside the contract are kept in "extra".
-- (device_id, ts, seq) identifies a message: the unique index stores a redelivery once and serves
-- "latest readings of one device" scans in (device, time desc) order.
-- Where the timescaledb extension can be loaded the tables become hypertables on ts; elsewhere
-- (embedded PostgreSQL) they stay plain tables with the same columns and indexes.

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
       AND current_setting('shared_preload_libraries') LIKE '%timescaledb%' THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
    END IF;
END
$$;

CREATE TABLE telemetry_kiosk (
    device_id          text COLLATE "C" NOT NULL,
    ts                 timestamptz NOT NULL,
    seq                bigint      NOT NULL,
    received_at        timestamptz NOT NULL DEFAULT now(),
    service_state      text,
    printer            text,
    card_reader        text,
    screen             text,
    cpu_temp_c         real,
    disk_free_pct      real,
    network_latency_ms real,
    transactions       integer,
    extra              jsonb
);
CREATE UNIQUE INDEX telemetry_kiosk_device_ts ON telemetry_kiosk (device_id, ts DESC, seq);

CREATE TABLE telemetry_parcel_locker (
    device_id             text COLLATE "C" NOT NULL,
    ts                    timestamptz NOT NULL,
    seq                   bigint      NOT NULL,
    received_at           timestamptz NOT NULL DEFAULT now(),
    compartments_total    integer,
    compartments_occupied integer,
    overdue_parcels       integer,
    temperature_c         real,
    power                 text,
    battery_pct           real,
    extra                 jsonb
);
CREATE UNIQUE INDEX telemetry_parcel_locker_device_ts ON telemetry_parcel_locker (device_id, ts DESC, seq);

CREATE TABLE telemetry_broadcast_unit (
    device_id    text COLLATE "C" NOT NULL,
    ts           timestamptz NOT NULL,
    seq          bigint      NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    amplifier    text,
    speaker_ohms real,
    volume_pct   real,
    power        text,
    battery_pct  real,
    extra        jsonb
);
CREATE UNIQUE INDEX telemetry_broadcast_unit_device_ts ON telemetry_broadcast_unit (device_id, ts DESC, seq);

CREATE TABLE telemetry_elder_alert (
    device_id      text COLLATE "C" NOT NULL,
    ts             timestamptz NOT NULL,
    seq            bigint      NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    battery_pct    real,
    worn           boolean,
    last_motion_ts timestamptz,
    heart_rate_bpm real,
    extra          jsonb
);
CREATE UNIQUE INDEX telemetry_elder_alert_device_ts ON telemetry_elder_alert (device_id, ts DESC, seq);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('telemetry_kiosk', 'ts', chunk_time_interval => INTERVAL '1 day');
        PERFORM create_hypertable('telemetry_parcel_locker', 'ts', chunk_time_interval => INTERVAL '1 day');
        PERFORM create_hypertable('telemetry_broadcast_unit', 'ts', chunk_time_interval => INTERVAL '1 day');
        PERFORM create_hypertable('telemetry_elder_alert', 'ts', chunk_time_interval => INTERVAL '1 day');
    END IF;
END
$$;
