-- 011_apply_change_heartbeat_guard.sql: orchestrator_apply_change gains p_only_if_no_heartbeat_since
-- ("apply only if workers.last_heartbeat is null or older than this"), so a bootstrap failure that races
-- the worker's first heartbeat never moves a heartbeating worker to error (issue #4).
--
-- A new migration rather than an edit of 010, which may already be applied (010 no longer carries the
-- first version, so the body stands only here). Both stores call this function
-- (it is the one definition of the conditional transition). The old signature is dropped
-- first: CREATE OR REPLACE with one more argument would add an overload, and PostgREST could not choose.

SET LOCAL check_function_bodies = off;

DROP FUNCTION IF EXISTS orchestrator_apply_change(text, text, text, timestamptz, text, text, text, numeric, integer,
                                                  integer, timestamptz, text, jsonb);

-- Returns the number of workers changed: 1, or 0 when the stored state is not p_from (or terminated),
-- or when p_only_if_no_heartbeat_since is set and the worker heartbeated at or after it.
CREATE OR REPLACE FUNCTION orchestrator_apply_change(p_worker_id text, p_from text, p_to text, p_at timestamptz,
                                                     p_reason text DEFAULT NULL, p_pod_id text DEFAULT NULL,
                                                     p_gpu_type text DEFAULT NULL, p_cost_per_hr numeric DEFAULT NULL,
                                                     p_health_failures integer DEFAULT NULL,
                                                     p_bootstrap_attempts integer DEFAULT NULL,
                                                     p_launched_at timestamptz DEFAULT NULL, p_outcome text DEFAULT NULL,
                                                     p_metadata jsonb DEFAULT NULL,
                                                     p_only_if_no_heartbeat_since timestamptz DEFAULT NULL)
RETURNS integer
LANGUAGE sql AS $body$
WITH changed AS (
  UPDATE orchestrator_workers o
     SET state = $3,
         state_since = CASE WHEN $3 <> $2 THEN $4 ELSE o.state_since END,
         reason = coalesce($5, o.reason),
         pod_id = coalesce($6, o.pod_id),
         gpu_type = coalesce($7, o.gpu_type),
         cost_per_hr = coalesce($8, o.cost_per_hr),
         health_failures = coalesce($9, o.health_failures),
         bootstrap_attempts = coalesce($10, o.bootstrap_attempts),
         launched_at = coalesce($11, o.launched_at),
         booted_at = CASE WHEN $12 = 'boot_succeeded' THEN $4 ELSE o.booted_at END,
         failed_at = CASE WHEN $12 IN ('boot_failed', 'health_failed') THEN $4 ELSE o.failed_at END,
         failure_kind = CASE WHEN $12 IN ('boot_failed', 'health_failed') THEN $12 ELSE o.failure_kind END,
         updated_at = $4
   WHERE o.worker_id = $1 AND o.state = $2 AND o.state <> 'terminated'
     AND ($14::timestamptz IS NULL
          OR NOT EXISTS (SELECT FROM workers h WHERE h.id = o.worker_id AND h.last_heartbeat >= $14::timestamptz))
  RETURNING o.worker_id
), mirrored AS (
  UPDATE workers w
     SET metadata = coalesce(w.metadata, '{}'::jsonb) || coalesce($13, '{}'::jsonb)
                    || CASE WHEN $3 <> $2 THEN jsonb_build_object('orchestrator_status', $3) ELSE '{}'::jsonb END
                    || CASE WHEN $6 IS NOT NULL THEN jsonb_build_object('runpod_id', $6) ELSE '{}'::jsonb END,
         status = CASE WHEN $3 <> $2 AND $3 IN ('error', 'terminated') THEN $3 ELSE w.status END
    FROM changed c
   WHERE w.id = c.worker_id
  RETURNING w.id)
SELECT count(*)::int FROM changed
$body$;

SET LOCAL check_function_bodies = on;

-- Only the service role may call it: 012_observe_json.sql grants it with orchestrator_observe (migrations
-- are applied together, in one transaction).
