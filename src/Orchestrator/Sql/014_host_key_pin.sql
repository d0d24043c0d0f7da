-- 014_host_key_pin.sql: each pod's SSH host key, pinned by SHA-256 fingerprint on the first connect, lives on
-- the worker's row (orchestrator_workers), so a restarted container and every replica verify the same key.
-- (Before, the pin lived in a local known_hosts file that a restart or a second replica did not have.)
--
-- orchestrator_pin_host_key(pod, fingerprint, at): with a fingerprint, pins it on the row holding the pod unless
-- one is pinned already, and returns the key pinned now (first writer wins: the UPDATE's row lock serialises two
-- replicas, and the second re-reads the first one's key). With a NULL fingerprint it only reads. NULL when no
-- row holds the pod. Both stores call it (the PostgreSQL store with SELECT, the REST store through PostgREST).

ALTER TABLE orchestrator_workers ADD COLUMN IF NOT EXISTS ssh_host_key_sha256 text;
ALTER TABLE orchestrator_workers ADD COLUMN IF NOT EXISTS ssh_host_key_pinned_at timestamptz;
CREATE INDEX IF NOT EXISTS orchestrator_workers_pod_idx ON orchestrator_workers (pod_id) WHERE pod_id IS NOT NULL;

CREATE OR REPLACE FUNCTION orchestrator_pin_host_key(p_pod_id text, p_fingerprint text, p_at timestamptz)
RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
  v_worker text;
  v_key text;
BEGIN
  SELECT worker_id INTO v_worker FROM orchestrator_workers WHERE pod_id = p_pod_id ORDER BY created_at DESC LIMIT 1;
  IF v_worker IS NULL THEN
    RETURN NULL;
  END IF;
  IF p_fingerprint IS NOT NULL THEN
    UPDATE orchestrator_workers SET ssh_host_key_sha256 = p_fingerprint, ssh_host_key_pinned_at = p_at
     WHERE worker_id = v_worker AND ssh_host_key_sha256 IS NULL;
  END IF;
  -- A statement of its own (a fresh snapshot): after waiting on another replica's pin, it reads that pin.
  SELECT ssh_host_key_sha256 INTO v_key FROM orchestrator_workers WHERE worker_id = v_worker;
  RETURN v_key;
END
$fn$;

-- As 010: only the service role may call it.
SELECT orchestrator_restrict_functions();

NOTIFY pgrst, 'reload schema';
