-- 010_rest_rpc.sql: the orchestrator's store as RPC functions, for the Supabase REST store
-- (SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY, no database URL). PostgREST exposes each function at
-- POST {SUPABASE_URL}/rest/v1/rpc/<name> with named arguments.
--
-- These functions are the one definition of the store's queries: the PostgreSQL store calls them too
-- (SELECT orchestrator_observe(...) and so on; see StoreFunctions in src/Orchestrator/Persistence).
-- $1, $2 ... are the functions' parameters.
--
-- Bodies are checked when first called, not here: this file loads before Reigh's tables exist in
-- an empty database, and count_eligible_tasks_service_role is only called where it exists.
-- Safe to run again (CREATE OR REPLACE); paste it into Supabase's SQL editor when the service has no
-- database URL (`orchestrator migrate --print` prints it with the other migrations).

SET LOCAL check_function_bodies = off;

-- ---------------------------------------------------------------- the shared statements
-- orchestrator_q_workers (each worker as observed, with its running work) is defined by
-- 013_observe_task_queued_at.sql, which added the oldest running task's queue time; its first version stood here.

CREATE OR REPLACE FUNCTION orchestrator_q_outcomes(p_since timestamptz)
RETURNS TABLE (worker_id text, kind text, at timestamptz, reason text)
LANGUAGE sql STABLE AS $body$
SELECT worker_id, 'boot_succeeded', booted_at, NULL FROM orchestrator_workers WHERE booted_at >= $1
UNION ALL
SELECT worker_id, failure_kind, failed_at, reason FROM orchestrator_workers WHERE failed_at >= $1
$body$;

CREATE OR REPLACE FUNCTION orchestrator_q_paused()
RETURNS boolean
LANGUAGE sql STABLE AS $body$
SELECT coalesce((SELECT paused FROM orchestrator_control WHERE id = 1), false)
$body$;

CREATE OR REPLACE FUNCTION orchestrator_q_demand_reigh(p_fresh_since timestamptz, p_run_type text, p_arrived_since timestamptz)
RETURNS TABLE (queued integer, fresh integer, queued_only integer, queued_plus_active integer, arrived integer)
LANGUAGE sql STABLE AS $body$
SELECT (SELECT count(*) FROM tasks t WHERE t.status = 'Queued' AND get_task_run_type(t.task_type) = $2)::int,
       (SELECT count(*) FROM tasks t WHERE t.status = 'Queued' AND t.created_at >= $1
                                        AND get_task_run_type(t.task_type) = $2)::int,
       count_eligible_tasks_service_role(false, $2),
       count_eligible_tasks_service_role(true, $2),
       (SELECT count(*) FROM tasks t WHERE t.created_at > $3 AND get_task_run_type(t.task_type) = $2)::int
$body$;

CREATE OR REPLACE FUNCTION orchestrator_q_demand_plain(p_fresh_since timestamptz, p_arrived_since timestamptz)
RETURNS TABLE (queued integer, fresh integer, in_progress integer, arrived integer)
LANGUAGE sql STABLE AS $body$
SELECT count(*) FILTER (WHERE t.status = 'Queued')::int,
       count(*) FILTER (WHERE t.status = 'Queued' AND t.created_at >= $1)::int,
       count(*) FILTER (WHERE t.status = 'In Progress')::int,
       (SELECT count(*) FROM tasks r WHERE r.created_at > $2)::int
  FROM tasks t
 WHERE t.status IN ('Queued', 'In Progress')
$body$;

-- ---------------------------------------------------------------- the RPCs
-- orchestrator_observe (the whole observation in one call and one snapshot) is defined once, by
-- 012_observe_json.sql, and orchestrator_apply_change (the conditional transition) once, by
-- 011_apply_change_heartbeat_guard.sql. Their first versions stood here; a database that applied this
-- file with them gets the current ones from 011 and 012 like any other, and running this file again
-- leaves them as they are.

CREATE OR REPLACE FUNCTION orchestrator_register_worker(p_worker_id text, p_instance_type text, p_at timestamptz)
RETURNS void
LANGUAGE sql AS $body$
WITH reigh AS (
  INSERT INTO workers (id, instance_type, status, metadata, created_at)
  VALUES ($1, $2, 'inactive', jsonb_build_object('orchestrator_status', 'spawning'), $3)
  ON CONFLICT (id) DO NOTHING)
INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at)
VALUES ($1, 'requested', $3, $3, $3)
ON CONFLICT (worker_id) DO NOTHING
$body$;

CREATE OR REPLACE FUNCTION orchestrator_requeue_tasks(p_worker_id text, p_max_attempts integer, p_reason text, p_at timestamptz)
RETURNS TABLE (task_id uuid, new_status text)
LANGUAGE sql AS $body$
UPDATE tasks t
   SET attempts = t.attempts + 1,
       status = (CASE WHEN t.attempts + 1 >= $2 THEN 'Failed' ELSE 'Queued' END)::task_status,
       worker_id = NULL,
       generation_started_at = NULL,
       updated_at = $4,
       error_message = CASE WHEN t.attempts + 1 >= $2
                            THEN format('Failed after %s attempts: %s', t.attempts + 1, $3)
                            ELSE format('Requeued (attempt %s): %s', t.attempts + 1, $3) END
 WHERE t.worker_id = $1 AND t.status = 'In Progress'
RETURNING t.id, t.status::text
$body$;

CREATE OR REPLACE FUNCTION orchestrator_append_events(p_at timestamptz[], p_cycle_id uuid[], p_kind text[],
                                                      p_worker_id text[], p_reason text[], p_details text[])
RETURNS void
LANGUAGE sql AS $body$
INSERT INTO orchestrator_events (at, cycle_id, kind, worker_id, reason, details)
SELECT e.at, e.cycle_id, e.kind, e.worker_id, e.reason, e.details::jsonb
  FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
       AS e (at, cycle_id, kind, worker_id, reason, details)
$body$;

CREATE OR REPLACE FUNCTION orchestrator_set_paused(p_paused boolean, p_reason text, p_at timestamptz)
RETURNS void
LANGUAGE sql AS $body$
INSERT INTO orchestrator_control (id, paused, reason, updated_at) VALUES (1, $1, $2, $3)
ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, reason = excluded.reason, updated_at = excluded.updated_at
$body$;

-- Which of p_names (tables or functions in the public schema) do not exist: the REST store's start-up check.
CREATE OR REPLACE FUNCTION orchestrator_missing_objects(p_names text[])
RETURNS text[]
LANGUAGE sql STABLE AS $body$
SELECT coalesce(array_agg(n ORDER BY n), '{}')
  FROM unnest($1) AS n
 WHERE to_regclass('public.' || quote_ident(n)) IS NULL
   AND NOT EXISTS (SELECT FROM pg_proc p WHERE p.proname = n AND p.pronamespace = 'public'::regnamespace)
$body$;

SET LOCAL check_function_bodies = on;

-- Only the service role may call these (Supabase grants new functions to anon and authenticated by
-- default): every orchestrator_ function is closed to PUBLIC, anon and authenticated and granted to service_role.
-- Later migrations call it again after creating functions (CREATE OR REPLACE keeps a function's grants; a new
-- function or a new signature needs them), so the loop is written once. A database migrated before this function
-- was added to 010 (with migration 020) ran the older 010-019 and does not have it: a migration after 020 that calls it must
-- create it first (CREATE OR REPLACE) or it fails there with "function does not exist".
CREATE OR REPLACE FUNCTION orchestrator_restrict_functions() RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_fn text;
  v_role text;
BEGIN
  FOR v_fn IN SELECT p.oid::regprocedure::text FROM pg_proc p
               WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'orchestrator\_%' LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', v_fn);
    FOREACH v_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = v_role) THEN
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM %I', v_fn, v_role);
      END IF;
    END LOOP;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO service_role', v_fn);
    END IF;
  END LOOP;
END
$fn$;

SELECT orchestrator_restrict_functions();

-- The service's tables are closed to the public API roles.
DO $grants$
DECLARE
  v_role text;
BEGIN
  FOREACH v_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = v_role) THEN
      EXECUTE format('REVOKE ALL ON orchestrator_workers, orchestrator_events, orchestrator_control FROM %I', v_role);
    END IF;
  END LOOP;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON orchestrator_workers, orchestrator_events, orchestrator_control TO service_role;
    GRANT USAGE, SELECT ON SEQUENCE orchestrator_events_id_seq TO service_role;
  END IF;
END
$grants$;

-- Ask PostgREST to reload its schema cache so the functions are callable at once (ignored elsewhere).
NOTIFY pgrst, 'reload schema';
