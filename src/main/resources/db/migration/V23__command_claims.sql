-- Replicas sharing the work of sending commands: a replica claims the waiting commands it is about to
-- publish (CommandQueries.DUE), and the others leave them alone until the claim runs out (a replica
-- that died with them in hand), so a broadcast's PLAY goes out once, not once per replica.
ALTER TABLE commands ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz;
