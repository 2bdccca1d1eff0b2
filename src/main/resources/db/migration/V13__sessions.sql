-- Console sessions: a random token handed out at sign-in, stored only as its SHA-256 hash, so that a
-- copy of the table signs no one in. Signing out, a password change or deleting the user ends them.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    username     text        NOT NULL REFERENCES users (username) ON DELETE CASCADE ON UPDATE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    address      text
);
CREATE INDEX sessions_user ON sessions (username);
CREATE INDEX sessions_expiry ON sessions (expires_at);
