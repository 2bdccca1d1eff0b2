-- Every commit that adds steps to alert_trail notifies the channel alert_trail, so that each hub
-- replica's live streams (GET /api/v1/alerts/stream) also carry what other replicas committed
-- (notify.TrailListener). One notification per statement; PostgreSQL folds identical ones of a
-- transaction into one, delivered at commit.
CREATE FUNCTION alert_trail_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('alert_trail', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER alert_trail_notify AFTER INSERT ON alert_trail
    FOR EACH STATEMENT EXECUTE FUNCTION alert_trail_notify();
