-- Broadcasts (docs/broadcasts.md): one message for every active broadcast unit of an area subtree,
-- fanned out as one PLAY command per unit; each unit's progress is its command's and its playback
-- events' (PLAYBACK_STARTED / PLAYBACK_ENDED carrying the commandId).
CREATE TABLE broadcasts (
    id          bigserial PRIMARY KEY,
    area_code   text        NOT NULL REFERENCES areas (code),
    text        text,
    clip        text,
    priority    text        NOT NULL CHECK (priority IN ('EMERGENCY', 'DRILL', 'NOTICE')),
    volume_pct  integer,
    repeat      integer     NOT NULL DEFAULT 1,
    expires_at  timestamptz NOT NULL,
    state       text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'STOPPED')),
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    stopped_at  timestamptz,
    stopped_by  text
);
CREATE INDEX broadcasts_area ON broadcasts (area_code, created_at DESC);

ALTER TABLE commands ADD COLUMN broadcast_id bigint REFERENCES broadcasts (id);
CREATE INDEX commands_broadcast ON commands (broadcast_id) WHERE broadcast_id IS NOT NULL;
