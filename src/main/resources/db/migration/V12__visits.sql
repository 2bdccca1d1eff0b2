-- Home visits to elderly residents, each known by their elder-alert device (the plan: monthly visits
-- to elderly residents with special difficulties, 100 %). Recorded by staff through the API; a
-- community worker's tap on the device arrives as a VISIT event and stays in events.
CREATE TABLE visits (
    id          bigserial PRIMARY KEY,
    device_id   text COLLATE "C" NOT NULL REFERENCES devices (id),
    visited_at  timestamptz NOT NULL,
    visitor     text        NOT NULL,
    note        text,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visits_device_at ON visits (device_id, visited_at DESC);
