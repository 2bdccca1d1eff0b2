-- Administrative tree, device registry and users.
-- Codes use the "C" collation so that a subtree is a plain btree prefix scan (code LIKE '2301%').

CREATE TABLE areas (
    code        text COLLATE "C" PRIMARY KEY,
    name        text        NOT NULL,
    level       text        NOT NULL CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'STREET', 'COMMUNITY', 'GRID')),
    parent_code text COLLATE "C" REFERENCES areas (code),
    kind        text        NOT NULL CHECK (kind IN ('URBAN', 'RURAL')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX areas_parent ON areas (parent_code);

CREATE TABLE devices (
    id                  text COLLATE "C" PRIMARY KEY,
    device_class        text        NOT NULL CHECK (device_class IN ('KIOSK', 'PARCEL_LOCKER', 'BROADCAST_UNIT', 'ELDER_ALERT')),
    area_code           text COLLATE "C" NOT NULL REFERENCES areas (code),
    name                text        NOT NULL,
    lat                 double precision CHECK (lat BETWEEN -90 AND 90),
    lon                 double precision CHECK (lon BETWEEN -180 AND 180),
    address             text,
    model               text,
    firmware            text,
    installed_at        timestamptz,
    state               text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'DECOMMISSIONED')),
    expected_interval_s integer CHECK (expected_interval_s > 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             bigint      NOT NULL DEFAULT 0
);
CREATE INDEX devices_area ON devices (area_code);
CREATE INDEX devices_class_area ON devices (device_class, area_code);

CREATE TABLE users (
    username      text PRIMARY KEY,
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL,
    area_codes    text[]      NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
