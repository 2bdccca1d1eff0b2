-- Alerts: one row per alert with its place in the closed loop, the trail of every step (which is
-- also the live stream's event log), the conditions the rules are timing, per-area and per-device
-- rule settings, maintenance windows, and the defect of a life-safety event stored despite it.

-- A life-safety event (SOS, FALL) is stored even when part of it is invalid; what was wrong is kept here.
ALTER TABLE events ADD COLUMN defect text;

CREATE TABLE alerts (
    id               bigserial PRIMARY KEY,
    device_id        text COLLATE "C" NOT NULL REFERENCES devices (id),
    area_code        text COLLATE "C" NOT NULL,
    device_class     text        NOT NULL,
    rule             text        NOT NULL,
    type             text        NOT NULL,
    severity         text        NOT NULL CHECK (severity IN ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING')),
    state            text        NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'ASSIGNED', 'RESOLVED', 'CLOSED')),
    count            integer     NOT NULL DEFAULT 1,
    opened_at        timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    detail           text,
    -- what was wrong with the message that raised it (a garbled ts), kept beside the alert
    defect           text,
    -- the device message that last triggered it, so that a redelivery does not count twice
    trigger_ts       timestamptz,
    trigger_seq      bigint,
    assignee         text,
    escalated_to     text COLLATE "C",
    acknowledged_at  timestamptz,
    resolved_at      timestamptz,
    resolution       text,
    closed_at        timestamptz,
    rating           smallint CHECK (rating BETWEEN 1 AND 5),
    comment          text
);
-- At most one alert per device and rule that still needs a person: the constraint, not the code,
-- makes two evaluators (two replicas) racing on one device open one alert.
CREATE UNIQUE INDEX alerts_one_active ON alerts (device_id, rule)
    WHERE state IN ('OPEN', 'ACKNOWLEDGED', 'ASSIGNED');
CREATE INDEX alerts_area_opened ON alerts (area_code, opened_at DESC);
CREATE INDEX alerts_device_rule ON alerts (device_id, rule, resolved_at DESC);
CREATE INDEX alerts_unacknowledged ON alerts (opened_at) WHERE state = 'OPEN' AND severity = 'CRITICAL';

-- Every step of every alert: who, when, why, and the alert as it was after the step. Its id is the
-- live stream's event id; ids are committed in order (inserts take an advisory lock), so a client
-- that resumes after id N misses nothing.
CREATE TABLE alert_trail (
    id         bigserial PRIMARY KEY,
    alert_id   bigint      NOT NULL REFERENCES alerts (id),
    at         timestamptz NOT NULL,
    action     text        NOT NULL,
    actor      text        NOT NULL,
    from_state text,
    to_state   text        NOT NULL,
    detail     text,
    -- the area this step is addressed to: the device's, or the one it escalated to
    area_code  text COLLATE "C" NOT NULL,
    alert      jsonb       NOT NULL
);
CREATE INDEX alert_trail_alert ON alert_trail (alert_id, id);

-- What the rules are timing: a condition that holds since a time, and how much counted time it had
-- before it paused (an offline device whose hub could not hear: that time is not counted).
CREATE TABLE alert_conditions (
    device_id   text COLLATE "C" NOT NULL REFERENCES devices (id),
    rule        text        NOT NULL,
    since       timestamptz,
    accrued_ms  bigint      NOT NULL DEFAULT 0,
    detail      text,
    -- PENDING: timing; FIRED: its alert was raised; SUPPRESSED: due during maintenance
    status      text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'FIRED', 'SUPPRESSED')),
    PRIMARY KEY (device_id, rule)
);

-- Rule settings that differ from the defaults, for an area subtree or one device.
CREATE TABLE alert_rule_settings (
    id         bigserial PRIMARY KEY,
    rule       text        NOT NULL,
    area_code  text COLLATE "C" REFERENCES areas (code),
    device_id  text COLLATE "C" REFERENCES devices (id),
    settings   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL,
    CHECK ((area_code IS NULL) <> (device_id IS NULL))
);
CREATE UNIQUE INDEX alert_rule_settings_area ON alert_rule_settings (rule, area_code) WHERE area_code IS NOT NULL;
CREATE UNIQUE INDEX alert_rule_settings_device ON alert_rule_settings (rule, device_id) WHERE device_id IS NOT NULL;

-- Maintenance on an area subtree or one device: [starts_at, ends_at), repeated every week until
-- repeat_until when weekly. The uptime report reads the same rows.
CREATE TABLE maintenance_windows (
    id           bigserial PRIMARY KEY,
    area_code    text COLLATE "C" REFERENCES areas (code),
    device_id    text COLLATE "C" REFERENCES devices (id),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    weekly       boolean     NOT NULL DEFAULT false,
    repeat_until timestamptz,
    reason       text        NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((area_code IS NULL) <> (device_id IS NULL)),
    CHECK (ends_at > starts_at),
    CHECK (NOT weekly OR ends_at - starts_at < INTERVAL '7 days')
);

-- Alerts maintenance kept from being raised: the suppression is on record.
CREATE TABLE alert_suppressions (
    id         bigserial PRIMARY KEY,
    device_id  text COLLATE "C" NOT NULL,
    rule       text        NOT NULL,
    at         timestamptz NOT NULL,
    window_id  bigint      NOT NULL REFERENCES maintenance_windows (id),
    detail     text
);
CREATE INDEX alert_suppressions_device ON alert_suppressions (device_id, at DESC);

-- How far the rules have seen the stored events: at start, events received after this are
-- evaluated again, so an SOS committed just before a crash still raises its alert.
CREATE TABLE alerting_progress (
    id            integer PRIMARY KEY CHECK (id = 1),
    events_until  timestamptz NOT NULL
);
CREATE INDEX events_received_at ON events (received_at);
