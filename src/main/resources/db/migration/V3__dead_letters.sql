-- Messages the MQTT edge refused, with the reason, so that nothing a device sends is lost silently.
CREATE TABLE dead_letters (
    id          bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    topic       text        NOT NULL,
    device_id   text COLLATE "C",
    reason      text        NOT NULL,
    detail      text,
    payload     text
);
CREATE INDEX dead_letters_received ON dead_letters (received_at DESC);
CREATE INDEX dead_letters_device ON dead_letters (device_id, received_at DESC);
