-- A broadcast unit's confirmation of a PLAY, kept on its command (docs/broadcasts.md): when its
-- PLAYBACK_STARTED and PLAYBACK_ENDED events carrying the commandId were received, and when the hub
-- gave up waiting for them and raised BROADCAST_NOT_CONFIRMED.
ALTER TABLE commands ADD COLUMN started_at timestamptz;
ALTER TABLE commands ADD COLUMN played_at timestamptz;
ALTER TABLE commands ADD COLUMN unconfirmed_at timestamptz;
-- the PLAY commands still waiting for their confirmation: what the confirmation check reads
CREATE INDEX commands_unconfirmed ON commands (created_at)
    WHERE broadcast_id IS NOT NULL AND started_at IS NULL AND played_at IS NULL AND unconfirmed_at IS NULL;
