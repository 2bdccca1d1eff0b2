-- Connectivity when several hub replicas share the device stream (an MQTT shared subscription:
-- each message reaches one replica, so none sees all of a device's messages). docs/connectivity.md.

-- Each replica's hearing, written in the transaction of each batch it commits: heard_until says that
-- everything the broker queued for the replica before it is committed, its signs included.
-- A replica is keyed by its MQTT client id, because its broker session (and what queues in it while
-- it is away) is; LEFT means it unsubscribed and drained its session, so nothing queues for it.
CREATE TABLE hub_replicas (
    client_id   text PRIMARY KEY,
    membership  text        NOT NULL DEFAULT 'MEMBER' CHECK (membership IN ('MEMBER', 'LEAVING', 'LEFT')),
    deafness    text,
    since       timestamptz NOT NULL,
    heard_until timestamptz NOT NULL,
    alive_at    timestamptz NOT NULL
);

-- What the messages each replica committed say about connectivity, for the one replica that judges
-- (the holder of the connectivity-judge lease in job_runs), which takes them off this table in the
-- transaction that records its decisions.
CREATE TABLE connectivity_signs (
    device_id text        NOT NULL,
    at        timestamptz NOT NULL,
    kind      text        NOT NULL CHECK (kind IN ('MESSAGE', 'STATUS_ONLINE', 'STATUS_OFFLINE'))
);
