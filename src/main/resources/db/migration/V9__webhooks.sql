-- Webhooks per area subtree, and their deliveries: one row per webhook and alert change, written
-- in the transaction of the change itself, so a delivery due when the hub stopped is made after it
-- starts, and the log is readable through the API.

CREATE TABLE webhooks (
    id           bigserial PRIMARY KEY,
    area_code    text COLLATE "C" NOT NULL REFERENCES areas (code),
    -- the digits every area code of the subtree starts with
    area_prefix  text COLLATE "C" NOT NULL,
    url          text        NOT NULL,
    format       text        NOT NULL CHECK (format IN ('JSON', 'WECOM', 'DINGTALK')),
    secret       text        NOT NULL,
    min_severity text        NOT NULL DEFAULT 'WARNING' CHECK (min_severity IN ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING')),
    enabled      boolean     NOT NULL DEFAULT true,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id              bigserial PRIMARY KEY,
    webhook_id      bigint      NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        bigint      NOT NULL REFERENCES alert_trail (id),
    state           text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id DESC);
