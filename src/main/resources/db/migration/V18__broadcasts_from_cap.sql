-- A broadcast dispatched from a CAP 1.2 alert keeps the alert's sender and identifier, so that a
-- later Update or Cancel naming it in its references finds the broadcasts to stop (docs/broadcasts.md).
ALTER TABLE broadcasts ADD COLUMN cap_sender text;
ALTER TABLE broadcasts ADD COLUMN cap_identifier text;
CREATE INDEX broadcasts_cap ON broadcasts (cap_sender, cap_identifier) WHERE cap_identifier IS NOT NULL;
