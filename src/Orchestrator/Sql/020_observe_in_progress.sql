-- migrate: no-transaction
-- migrate: requires-table tasks
--
-- 020_observe_in_progress.sql (issue 15 item 5): two costs the observation still paid at 5,000 workers x 1,000,000
-- tasks, found with pgbench on the benchmark's data (mean of 60 prepared calls each):
--   * orchestrator_q_demand_reigh (018) counted the arrivals in a CTE that PostgreSQL inlined (it is read once), so
--     Reigh's get_task_run_type ran once per arrived row instead of once per task type: 1,745 calls, 5-14 ms.
--     Both CTEs are now MATERIALIZED: each is computed once, grouped by type, and only then asked for its run type
--     (the demand's counts 7.0 ms -> 1.2-2.0 ms). Same signature, same results.
--   * orchestrator_q_workers (019) read the In Progress tasks twice, once through an index that needs the table's
--     rows (one heap page per running task, wherever it lies in a table of a million rows: 4.6-5.3 ms), and once
--     through 015's (worker_id, generation_started_at) index, also fetching the rows. Now one index holds every
--     column the observation reads from a running task (INCLUDE id, task_type, created_at), and the running tasks
--     are read once, in that index's order, by an index-only scan (0.3 ms where autovacuum has marked the pages
--     all-visible, which it does for a long-lived table), then counted and searched for the oldest from that one
--     read. Same signature, columns and results as 019.
--   * orchestrator_observe_rows (018) is a sql function now (below).
-- 015's orchestrator_tasks_in_progress_worker_idx is a prefix of the new index and is dropped after it is built.
--
-- On a live table, like 015 and 019: outside the migrator's transaction, one statement at a time; the index is built
-- CONCURRENTLY (writers are never blocked; an interrupted build leaves an INVALID index, so it is dropped first and
-- the file is safe to run again). Skipped (and recorded) where tasks does not exist.

DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_in_progress_cover_idx;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orchestrator_tasks_in_progress_cover_idx
  ON tasks (worker_id, generation_started_at) INCLUDE (id, task_type, created_at) WHERE status = 'In Progress';

-- Same signature and results as 018.
CREATE OR REPLACE FUNCTION orchestrator_q_demand_reigh(p_fresh_since timestamptz, p_run_type text, p_arrived_since timestamptz)
RETURNS TABLE (queued integer, fresh integer, queued_only integer, queued_plus_active integer, arrived integer)
LANGUAGE sql STABLE AS $body$
WITH queued AS MATERIALIZED (
  SELECT t.task_type, count(*) AS n, count(*) FILTER (WHERE t.created_at >= $1) AS fresh
    FROM tasks t WHERE t.status = 'Queued' GROUP BY t.task_type
), arrived AS MATERIALIZED (
  SELECT t.task_type, count(*) AS n FROM tasks t WHERE t.created_at > $3 GROUP BY t.task_type
)
SELECT (SELECT coalesce(sum(q.n), 0) FROM queued q WHERE get_task_run_type(q.task_type) = $2)::int,
       (SELECT coalesce(sum(q.fresh), 0) FROM queued q WHERE get_task_run_type(q.task_type) = $2)::int,
       count_eligible_tasks_service_role(false, $2),
       count_eligible_tasks_service_role(true, $2),
       (SELECT coalesce(sum(a.n), 0) FROM arrived a WHERE get_task_run_type(a.task_type) = $2)::int
$body$;

-- Same signature and columns as 019 (CREATE OR REPLACE keeps its grants). `in_progress` is read once (MATERIALIZED),
-- in the covering index's order: the ORDER BY is what makes the planner take the index-only scan rather than a
-- smaller index that has to visit each task's row.
CREATE OR REPLACE FUNCTION orchestrator_q_workers(p_pod_names text[])
RETURNS TABLE (worker_id text, state text, state_since timestamptz, created_at timestamptz, pod_id text,
               gpu_type text, db_status text, last_heartbeat timestamptz, launched_at timestamptz,
               running_tasks integer, oldest_task_id uuid, oldest_task_type text, oldest_task_started_at timestamptz,
               oldest_task_created_at timestamptz,
               last_work_at timestamptz, health_failures integer, bootstrap_attempts integer, reason text,
               self_terminated boolean, cost_per_hr numeric, spot boolean)
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
), in_progress AS MATERIALIZED (
  SELECT t.worker_id, t.id, t.task_type, t.generation_started_at, t.created_at
    FROM tasks t
   WHERE t.status = 'In Progress' AND t.worker_id IS NOT NULL
   ORDER BY t.worker_id, t.generation_started_at
), running AS (
  SELECT i.worker_id, count(*) AS n FROM in_progress i GROUP BY i.worker_id
), oldest AS (
  SELECT DISTINCT ON (i.worker_id) i.worker_id, i.id, i.task_type, i.generation_started_at, i.created_at
    FROM in_progress i
   WHERE i.generation_started_at IS NOT NULL AND i.task_type NOT ILIKE '%orchestrator%'
   ORDER BY i.worker_id, i.generation_started_at
)
SELECT s.worker_id, s.state, s.state_since, coalesce(w.created_at, s.created_at), s.pod_id,
       coalesce(s.gpu_type, w.instance_type), coalesce(w.status, 'inactive'), w.last_heartbeat,
       s.launched_at, coalesce(k.n, 0)::int, od.id, od.task_type, od.generation_started_at, od.created_at,
       lw.last_work_at, s.health_failures, s.bootstrap_attempts, s.reason,
       coalesce(w.metadata ->> 'self_terminated', '') = 'true', s.cost_per_hr,
       coalesce(w.metadata ->> 'spot', '') = 'true'
  FROM seen s
  LEFT JOIN workers w ON w.id = s.worker_id
  LEFT JOIN running k ON k.worker_id = s.worker_id
  LEFT JOIN oldest od ON od.worker_id = s.worker_id
  LEFT JOIN orchestrator_worker_work lw ON lw.worker_id = s.worker_id
$body$;

-- Same signature and rows as 018, as one SQL statement instead of plpgsql's RETURN QUERY, which copied the 5,000
-- rows into a tuplestore before sending them: a set-returning sql function is inlined into the statement that calls
-- it (planned with it, the rows streamed as they are made; 3-6 ms less at 5,000 workers, planning included). Still
-- one statement, so one snapshot. The head row is no longer guaranteed to come first: the PostgreSQL store finds it
-- wherever it is (the row whose `head` is not NULL).
CREATE OR REPLACE FUNCTION orchestrator_observe_rows(p_pod_names text[], p_outcomes_since timestamptz,
                                     p_fresh_since timestamptz, p_demand_mode text DEFAULT 'auto',
                                     p_run_type text DEFAULT 'gpu', p_arrived_since timestamptz DEFAULT NULL)
RETURNS TABLE (head json, worker_id text, state text, state_since timestamptz, created_at timestamptz, pod_id text,
               gpu_type text, db_status text, last_heartbeat timestamptz, launched_at timestamptz,
               running_tasks integer, oldest_task_id uuid, oldest_task_type text, oldest_task_started_at timestamptz,
               oldest_task_created_at timestamptz,
               last_work_at timestamptz, health_failures integer, bootstrap_attempts integer, reason text,
               self_terminated boolean, cost_per_hr numeric, spot boolean)
LANGUAGE sql STABLE AS $body$
SELECT json_build_object('has_eligibility_function', h.has_eligibility_function, 'demand', h.demand,
                         'outcomes', h.outcomes, 'paused', h.paused),
       NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::text, NULL::text,
       NULL::timestamptz, NULL::timestamptz, NULL::integer, NULL::uuid, NULL::text, NULL::timestamptz,
       NULL::timestamptz, NULL::timestamptz, NULL::integer, NULL::integer, NULL::text, NULL::boolean,
       NULL::numeric, NULL::boolean
  FROM orchestrator_q_head(p_outcomes_since, p_fresh_since, p_demand_mode, p_run_type, p_arrived_since) h
UNION ALL
SELECT NULL::json, w.* FROM orchestrator_q_workers(coalesce(p_pod_names, '{}')) w
$body$;

DROP INDEX CONCURRENTLY IF EXISTS orchestrator_tasks_in_progress_worker_idx;

NOTIFY pgrst, 'reload schema';
