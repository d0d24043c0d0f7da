-- migrate: no-transaction
-- migrate: requires-table tasks
--
-- 015_tasks_indexes.sql: Reigh's tasks table grows forever (every task ever run stays, Complete), so the
-- observation must never read all of it. This migration adds the indexes the demand counts and the worker
-- aggregates need, and rewrites the two functions whose plans could not use an index:
--   * orchestrator_q_workers read every task a live worker ever ran to find its last work (GROUP BY over the
--     worker's whole history); it now reads one index entry per worker (LATERAL ... ORDER BY ... LIMIT 1);
--   * orchestrator_q_demand_plain filtered `status IN ('Queued', 'In Progress')`, which no partial index
--     serves; it now counts each status on its own.
-- Same signatures, same results.
--
-- It runs OUTSIDE the migrator's transaction (the `no-transaction` line above), one statement at a time,
-- because CREATE INDEX CONCURRENTLY cannot run in a transaction block; CONCURRENTLY builds each index without
-- blocking the workers' inserts and claims on a live tasks table. Each index is dropped first (also
-- CONCURRENTLY): a build that was interrupted leaves an INVALID index that IF NOT EXISTS would keep forever,
-- and the migration is only run again when it was not recorded as applied. Skipped (and recorded) where the
-- tasks table does not exist, like the trigger of 003. `migrate --print` prints it as plain CREATE INDEX in a
-- guarded block (see docs/store.md, "Migrations on a live table").

-- Queued tasks: the raw and the fresh counts, and Reigh's eligibility count, read only the queue.
DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_queued_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orchestrator_tasks_queued_idx ON tasks (created_at) WHERE status = 'Queued';

-- Arrivals within DEMAND_ARRIVAL_WINDOW_SEC: the newest rows only.
DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_created_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orchestrator_tasks_created_idx ON tasks (created_at);

-- Tasks in progress, per worker (running count, oldest task) and per project (Reigh's per-user limit).
DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_in_progress_worker_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orchestrator_tasks_in_progress_worker_idx ON tasks (worker_id, generation_started_at) WHERE status = 'In Progress';
DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_in_progress_project_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orchestrator_tasks_in_progress_project_idx ON tasks (project_id) WHERE status = 'In Progress';

-- A worker's last work: the newest greatest(started, processed) of its tasks, one index entry away.
DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_worker_last_work_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orchestrator_tasks_worker_last_work_idx
  ON tasks (worker_id, (greatest(generation_started_at, generation_processed_at)) DESC NULLS LAST);

-- The same result columns as 013 (oldest_task_created_at included), so CREATE OR REPLACE keeps its grants.
CREATE OR REPLACE FUNCTION orchestrator_q_workers(p_pod_names text[])
RETURNS TABLE (worker_id text, state text, state_since timestamptz, created_at timestamptz, pod_id text,
               gpu_type text, db_status text, last_heartbeat timestamptz, launched_at timestamptz,
               running_tasks integer, oldest_task_id uuid, oldest_task_type text, oldest_task_started_at timestamptz,
               oldest_task_created_at timestamptz,
               last_work_at timestamptz, health_failures integer, bootstrap_attempts integer, reason text,
               self_terminated boolean, cost_per_hr numeric)
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
       coalesce(w.metadata ->> 'self_terminated', '') = 'true', s.cost_per_hr
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

CREATE OR REPLACE FUNCTION orchestrator_q_demand_plain(p_fresh_since timestamptz, p_arrived_since timestamptz)
RETURNS TABLE (queued integer, fresh integer, in_progress integer, arrived integer)
LANGUAGE sql STABLE AS $body$
SELECT (SELECT count(*) FROM tasks t WHERE t.status = 'Queued')::int,
       (SELECT count(*) FROM tasks t WHERE t.status = 'Queued' AND t.created_at >= $1)::int,
       (SELECT count(*) FROM tasks t WHERE t.status = 'In Progress')::int,
       (SELECT count(*) FROM tasks r WHERE r.created_at > $2)::int
$body$;
