-- 013_observe_task_queued_at.sql: orchestrator_q_workers (read by orchestrator_observe, 012) also returns
-- oldest_task_created_at, when the worker's oldest running task was queued, so the service can measure
-- each task's wait from queued to claimed (the orchestrator_task_wait_seconds histogram).
--
-- A function's result columns cannot change with CREATE OR REPLACE: it is dropped and created again. This is
-- now its only definition (010 no longer carries the first version; the migration ledger is by name, so a
-- database that applied that 010 gets this one here). orchestrator_observe calls it by name at run time, so
-- nothing else changes. Granted as in 010.

SET LOCAL check_function_bodies = off;

DROP FUNCTION IF EXISTS orchestrator_q_workers(text[]);

CREATE OR REPLACE FUNCTION orchestrator_q_workers(p_pod_names text[])
RETURNS TABLE (worker_id text, state text, state_since timestamptz, created_at timestamptz, pod_id text,
               gpu_type text, db_status text, last_heartbeat timestamptz, launched_at timestamptz,
               running_tasks integer, oldest_task_id uuid, oldest_task_type text, oldest_task_started_at timestamptz,
               oldest_task_created_at timestamptz,
               last_work_at timestamptz, health_failures integer, bootstrap_attempts integer, reason text,
               self_terminated boolean, cost_per_hr numeric)
LANGUAGE sql STABLE AS $body$
WITH seen AS (
  SELECT o.worker_id, o.state, o.state_since, o.created_at, o.pod_id, o.gpu_type, o.cost_per_hr,
         o.health_failures, o.bootstrap_attempts, o.launched_at, o.reason
    FROM orchestrator_workers o
   WHERE o.state <> 'terminated' OR o.worker_id = ANY($1)
  UNION ALL
  SELECT w.id, 'terminated', w.created_at, w.created_at, NULL, NULL, NULL, 0, 0, NULL, NULL
    FROM workers w
   WHERE w.id = ANY($1) AND NOT EXISTS (SELECT FROM orchestrator_workers o WHERE o.worker_id = w.id)
), work AS (
  SELECT t.worker_id,
         count(*) FILTER (WHERE t.status = 'In Progress') AS running,
         max(greatest(t.generation_started_at, t.generation_processed_at)) AS last_work
    FROM tasks t
   WHERE t.worker_id IN (SELECT worker_id FROM seen)
   GROUP BY t.worker_id
), oldest AS (
  SELECT DISTINCT ON (t.worker_id) t.worker_id, t.id, t.task_type, t.generation_started_at, t.created_at
    FROM tasks t
   WHERE t.worker_id IN (SELECT worker_id FROM seen) AND t.status = 'In Progress'
     AND t.generation_started_at IS NOT NULL AND t.task_type NOT ILIKE '%orchestrator%'
   ORDER BY t.worker_id, t.generation_started_at
)
SELECT s.worker_id, s.state, s.state_since, coalesce(w.created_at, s.created_at), s.pod_id,
       coalesce(s.gpu_type, w.instance_type), coalesce(w.status, 'inactive'), w.last_heartbeat,
       s.launched_at, coalesce(k.running, 0)::int, od.id, od.task_type, od.generation_started_at, od.created_at,
       k.last_work, s.health_failures, s.bootstrap_attempts, s.reason,
       coalesce(w.metadata ->> 'self_terminated', '') = 'true', s.cost_per_hr
  FROM seen s
  LEFT JOIN workers w ON w.id = s.worker_id
  LEFT JOIN work k ON k.worker_id = s.worker_id
  LEFT JOIN oldest od ON od.worker_id = s.worker_id
 ORDER BY s.worker_id
$body$;

SET LOCAL check_function_bodies = on;

-- As in 010: only the service role may call the functions.
SELECT orchestrator_restrict_functions();

NOTIFY pgrst, 'reload schema';
