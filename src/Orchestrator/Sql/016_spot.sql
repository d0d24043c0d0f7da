-- 016_spot.sql: spot (interruptible) capacity (issue 16 item 1).
--   * workers.metadata.spot (Reigh's jsonb, where the orchestrator already keeps runpod_id and orchestrator_status)
--     records whether the worker's pod was rented as spot; orchestrator_apply_change writes it from p_metadata, and
--     orchestrator_q_workers returns it (one more result column, so the function is dropped and created again).
--   * orchestrator_workers.interrupted_at stamps a spot interruption, an outcome of its own: orchestrator_q_outcomes
--     returns it as 'interrupted', which the failure breaker ignores and the capacity choice counts per hour.
--   * orchestrator_requeue_tasks gains p_spend_attempt (default true, so older callers keep their meaning): false
--     puts an interrupted worker's tasks back in the queue with their attempts unchanged.
--
-- On a live table: ADD COLUMN of a nullable column without a default only changes the catalog (no rewrite); the
-- lock_timeout makes it give up rather than queue behind a long transaction and block the workers' heartbeats.
-- The partial index covers only interrupted rows (none yet) of the orchestrator's own table. Grants as in 012/013.

SET LOCAL check_function_bodies = off;
SET LOCAL lock_timeout = '10s';

ALTER TABLE orchestrator_workers ADD COLUMN IF NOT EXISTS interrupted_at timestamptz;
CREATE INDEX IF NOT EXISTS orchestrator_workers_interrupted_idx ON orchestrator_workers (interrupted_at) WHERE interrupted_at IS NOT NULL;

-- Same signature as 011; the body also stamps interrupted_at.
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
         interrupted_at = CASE WHEN $12 = 'interrupted' THEN $4 ELSE o.interrupted_at END,
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

CREATE OR REPLACE FUNCTION orchestrator_q_outcomes(p_since timestamptz)
RETURNS TABLE (worker_id text, kind text, at timestamptz, reason text)
LANGUAGE sql STABLE AS $body$
SELECT worker_id, 'boot_succeeded', booted_at, NULL FROM orchestrator_workers WHERE booted_at >= $1
UNION ALL
SELECT worker_id, failure_kind, failed_at, reason FROM orchestrator_workers WHERE failed_at >= $1
UNION ALL
SELECT worker_id, 'interrupted', interrupted_at, 'spot-interrupted' FROM orchestrator_workers WHERE interrupted_at >= $1
$body$;

DROP FUNCTION IF EXISTS orchestrator_q_workers(text[]);

CREATE OR REPLACE FUNCTION orchestrator_q_workers(p_pod_names text[])
RETURNS TABLE (worker_id text, state text, state_since timestamptz, created_at timestamptz, pod_id text,
               gpu_type text, db_status text, last_heartbeat timestamptz, launched_at timestamptz,
               running_tasks integer, oldest_task_id uuid, oldest_task_type text, oldest_task_started_at timestamptz,
               oldest_task_created_at timestamptz,
               last_work_at timestamptz, health_failures integer, bootstrap_attempts integer, reason text,
               self_terminated boolean, cost_per_hr numeric, spot boolean)
LANGUAGE sql STABLE
-- Each LATERAL runs once per live worker. On a small tasks table the planner prices a sequential scan per
-- worker below an index probe, and 1,000 workers x 100 tasks then cost 4x what they did; on a large one only
-- the index makes sense. The history only grows, so the index is always the right plan here.
SET enable_seqscan = off
AS $body$
WITH seen AS (
  SELECT o.worker_id, o.state, o.state_since, o.created_at, o.pod_id, o.gpu_type, o.cost_per_hr,
         o.health_failures, o.bootstrap_attempts, o.launched_at, o.reason
    FROM orchestrator_workers o
   WHERE o.state <> 'terminated' OR o.worker_id = ANY($1)
  UNION ALL
  SELECT w.id, 'terminated', w.created_at, w.created_at, NULL, NULL, NULL, 0, 0, NULL, NULL
    FROM workers w
   WHERE w.id = ANY($1) AND NOT EXISTS (SELECT FROM orchestrator_workers o WHERE o.worker_id = w.id)
)
SELECT s.worker_id, s.state, s.state_since, coalesce(w.created_at, s.created_at), s.pod_id,
       coalesce(s.gpu_type, w.instance_type), coalesce(w.status, 'inactive'), w.last_heartbeat,
       s.launched_at, k.running::int, od.id, od.task_type, od.generation_started_at, od.created_at,
       lw.last_work, s.health_failures, s.bootstrap_attempts, s.reason,
       coalesce(w.metadata ->> 'self_terminated', '') = 'true', s.cost_per_hr,
       coalesce(w.metadata ->> 'spot', '') = 'true'
  FROM seen s
  LEFT JOIN workers w ON w.id = s.worker_id
  CROSS JOIN LATERAL (
    SELECT count(*) AS running FROM tasks t WHERE t.worker_id = s.worker_id AND t.status = 'In Progress') k
  LEFT JOIN LATERAL (
    SELECT t.id, t.task_type, t.generation_started_at, t.created_at
      FROM tasks t
     WHERE t.worker_id = s.worker_id AND t.status = 'In Progress'
       AND t.generation_started_at IS NOT NULL AND t.task_type NOT ILIKE '%orchestrator%'
     ORDER BY t.generation_started_at
     LIMIT 1) od ON true
  LEFT JOIN LATERAL (
    SELECT greatest(t.generation_started_at, t.generation_processed_at) AS last_work
      FROM tasks t
     WHERE t.worker_id = s.worker_id
     ORDER BY greatest(t.generation_started_at, t.generation_processed_at) DESC NULLS LAST
     LIMIT 1) lw ON true
 ORDER BY s.worker_id
$body$;

DROP FUNCTION IF EXISTS orchestrator_requeue_tasks(text, integer, text, timestamptz);

CREATE OR REPLACE FUNCTION orchestrator_requeue_tasks(p_worker_id text, p_max_attempts integer, p_reason text, p_at timestamptz,
                                                      p_spend_attempt boolean DEFAULT true)
RETURNS TABLE (task_id uuid, new_status text)
LANGUAGE sql AS $body$
UPDATE tasks t
   SET attempts = t.attempts + CASE WHEN $5 THEN 1 ELSE 0 END,
       status = (CASE WHEN $5 AND t.attempts + 1 >= $2 THEN 'Failed' ELSE 'Queued' END)::task_status,
       worker_id = NULL,
       generation_started_at = NULL,
       updated_at = $4,
       error_message = CASE WHEN NOT $5 THEN format('Requeued (attempt %s not counted): %s', t.attempts, $3)
                            WHEN t.attempts + 1 >= $2 THEN format('Failed after %s attempts: %s', t.attempts + 1, $3)
                            ELSE format('Requeued (attempt %s): %s', t.attempts + 1, $3) END
 WHERE t.worker_id = $1 AND t.status = 'In Progress'
RETURNING t.id, t.status::text
$body$;

SET LOCAL check_function_bodies = on;

-- As in 010: only the service role may call the functions.
SELECT orchestrator_restrict_functions();

NOTIFY pgrst, 'reload schema';
