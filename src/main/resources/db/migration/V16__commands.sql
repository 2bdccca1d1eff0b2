-- Commands to devices (docs/commands.md): what was asked, by whom, and each step of its life with its
-- time: PENDING (waiting for the device to be online) -> SENT (the broker took it) -> ACCEPTED ->
-- DONE | FAILED | REJECTED, or EXPIRED when its expiry passed before it was done.
CREATE TABLE commands (
    command_id  uuid PRIMARY KEY,
    device_id   text COLLATE "C" NOT NULL REFERENCES devices (id),
    type        text        NOT NULL,
    params      jsonb       NOT NULL DEFAULT '{}',
    state       text        NOT NULL DEFAULT 'PENDING'
                CHECK (state IN ('PENDING', 'SENT', 'ACCEPTED', 'DONE', 'FAILED', 'REJECTED', 'EXPIRED')),
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    accepted_at timestamptz,
    ended_at    timestamptz,
    detail      text
);
CREATE INDEX commands_device ON commands (device_id, created_at DESC);
CREATE INDEX commands_pending ON commands (expires_at) WHERE state = 'PENDING';
