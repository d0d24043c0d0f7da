-- migrate: no-transaction
-- migrate: requires-table tasks
--
-- 019_worker_last_work.sql (issue 15 item 5): the observation reads each worker's last work from a table kept by a
-- trigger on tasks, and its running tasks from the In Progress tasks alone, instead of three index probes per live
-- worker (015's LATERALs: 50-100 ms for 5,000 workers). Same results as 015/016's orchestrator_q_workers.
--
--   * orchestrator_worker_work (worker_id, last_work_at): for every worker id, the newest
--     greatest(generation_started_at, generation_processed_at) of the tasks that name it, exactly what
--     orchestrator_q_workers computed from tasks. A table of its own rather than columns of orchestrator_workers:
--     Reigh's writers lock these rows, never the rows the service's transitions lock (no lock-order deadlock with
--     orchestrator_apply_change), and it covers workers the orchestrator never tracked.
--   * The triggers on tasks (Reigh's table: cheap, idempotent, never in the way):
--       - INSERT, and UPDATE when worker_id or the greatest of the two times changes (the WHEN clauses are checked
--         without calling the function: claims and completions call it, other updates of tasks do not): the new
--         value raises its worker's row (INSERT ... ON CONFLICT, one index probe). When a value leaves a worker
--         (requeued, reassigned, times cleared or lowered), orchestrator_refresh_last_work locks that worker's row
--         and, only if the value leaving could have been its newest, reads the newest remaining one from 015's
--         orchestrator_tasks_worker_last_work_idx (one more probe) with a snapshot taken after the lock, so a
--         concurrent claim or completion is never lost.
--       - DELETE (per statement, with the deleted rows as a transition table: a bulk purge of old history costs one
--         grouped query, not one call per row) and TRUNCATE do the same.
--     SECURITY DEFINER with a fixed search_path: whoever writes tasks (Reigh's roles) needs no privilege on the
--     orchestrator's table.
--   * orchestrator_q_workers (same signature and columns as 016) joins that table, and counts running tasks and
--     finds the oldest one with two scans of the In Progress tasks (015's partial index) joined by hash, whatever
--     the number of workers. No ORDER BY (orchestrator_observe orders its json, the PostgreSQL store its rows), and no longer
--     `SET enable_seqscan = off` (015 needed it against a sequential scan per worker; there is none now, and the
--     setting forced index probes into workers and orchestrator_workers too).
--
-- On a live table: run outside the migrator's transaction, one statement at a time (the `no-transaction` line).
-- The table and functions first; then the triggers, in one short statement with lock_timeout 10 s (CREATE TRIGGER
-- takes a SHARE ROW EXCLUSIVE lock on tasks: writes wait only while it is taken, and it gives up rather than queue
-- behind a long transaction); then the backfill (reads tasks, one probe per worker, no lock on tasks); only then the
-- new orchestrator_q_workers. Every statement is safe to run again. Skipped (and recorded) where tasks does not exist.

CREATE TABLE IF NOT EXISTS orchestrator_worker_work (
  worker_id    text PRIMARY KEY,
  last_work_at timestamptz
);

DO $grants$
BEGIN
  REVOKE ALL ON orchestrator_worker_work FROM PUBLIC;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
    REVOKE ALL ON orchestrator_worker_work FROM anon;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN
    REVOKE ALL ON orchestrator_worker_work FROM authenticated;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT SELECT ON orchestrator_worker_work TO service_role;
  END IF;
END
$grants$;

-- A value `p_leaving` left worker p_worker_id: if it could have been the worker's newest, read the newest remaining.
CREATE OR REPLACE FUNCTION orchestrator_refresh_last_work(p_worker_id text, p_leaving timestamptz)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  v_stored timestamptz;
BEGIN
  SELECT last_work_at INTO v_stored FROM orchestrator_worker_work WHERE worker_id = p_worker_id FOR UPDATE;
  IF NOT FOUND OR v_stored IS NULL OR v_stored > p_leaving THEN
    RETURN;
  END IF;
  -- A new statement, so a new snapshot (READ COMMITTED): it sees what a concurrent writer that held the row committed.
  UPDATE orchestrator_worker_work
     SET last_work_at = (SELECT greatest(t.generation_started_at, t.generation_processed_at)
                           FROM tasks t
                          WHERE t.worker_id = p_worker_id
                          ORDER BY greatest(t.generation_started_at, t.generation_processed_at) DESC NULLS LAST
                          LIMIT 1)
   WHERE worker_id = p_worker_id;
END
$fn$;

CREATE OR REPLACE FUNCTION orchestrator_track_last_work() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  v_new timestamptz := greatest(NEW.generation_started_at, NEW.generation_processed_at);
  v_old timestamptz;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    v_old := greatest(OLD.generation_started_at, OLD.generation_processed_at);
    IF OLD.worker_id IS NOT NULL AND v_old IS NOT NULL
       AND (OLD.worker_id IS DISTINCT FROM NEW.worker_id OR v_new IS NULL OR v_new < v_old) THEN
      PERFORM orchestrator_refresh_last_work(OLD.worker_id, v_old);
    END IF;
  END IF;
  IF NEW.worker_id IS NOT NULL AND v_new IS NOT NULL THEN
    INSERT INTO orchestrator_worker_work AS w (worker_id, last_work_at) VALUES (NEW.worker_id, v_new)
    ON CONFLICT (worker_id) DO UPDATE SET last_work_at = excluded.last_work_at
     WHERE w.last_work_at IS NULL OR w.last_work_at < excluded.last_work_at;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION orchestrator_track_last_work_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM orchestrator_worker_work;
  ELSE
    PERFORM orchestrator_refresh_last_work(g.worker_id, g.leaving)
       FROM (SELECT d.worker_id, max(greatest(d.generation_started_at, d.generation_processed_at)) AS leaving
               FROM deleted_tasks d WHERE d.worker_id IS NOT NULL GROUP BY d.worker_id) g
      WHERE g.leaving IS NOT NULL
      ORDER BY g.worker_id;
  END IF;
  RETURN NULL;
END
$fn$;

DO $triggers$
BEGIN
  PERFORM set_config('lock_timeout', '10s', true);
  CREATE OR REPLACE TRIGGER orchestrator_task_work_inserted
    AFTER INSERT ON tasks
    FOR EACH ROW WHEN (NEW.worker_id IS NOT NULL AND greatest(NEW.generation_started_at, NEW.generation_processed_at) IS NOT NULL)
    EXECUTE FUNCTION orchestrator_track_last_work();
  CREATE OR REPLACE TRIGGER orchestrator_task_work_updated
    AFTER UPDATE OF worker_id, generation_started_at, generation_processed_at ON tasks
    FOR EACH ROW WHEN (OLD.worker_id IS DISTINCT FROM NEW.worker_id
                       OR greatest(OLD.generation_started_at, OLD.generation_processed_at)
                          IS DISTINCT FROM greatest(NEW.generation_started_at, NEW.generation_processed_at))
    EXECUTE FUNCTION orchestrator_track_last_work();
  CREATE OR REPLACE TRIGGER orchestrator_task_work_deleted
    AFTER DELETE ON tasks REFERENCING OLD TABLE AS deleted_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION orchestrator_track_last_work_deleted();
  CREATE OR REPLACE TRIGGER orchestrator_task_work_truncated
    AFTER TRUNCATE ON tasks
    FOR EACH STATEMENT EXECUTE FUNCTION orchestrator_track_last_work_deleted();
END
$triggers$;

-- The backfill, after the triggers, so nothing written meanwhile is missed: each worker's row is locked, then its
-- newest value read (one probe of 015's index) with a snapshot taken after the lock, as the trigger does, so a claim
-- or requeue committed meanwhile is neither lost nor undone. Running it again changes nothing.
DO $backfill$
DECLARE
  v_id text;
BEGIN
  FOR v_id IN SELECT id FROM workers ORDER BY id LOOP
    INSERT INTO orchestrator_worker_work (worker_id) VALUES (v_id) ON CONFLICT (worker_id) DO NOTHING;
    PERFORM FROM orchestrator_worker_work WHERE worker_id = v_id FOR UPDATE;
    UPDATE orchestrator_worker_work
       SET last_work_at = (SELECT greatest(t.generation_started_at, t.generation_processed_at)
                             FROM tasks t
                            WHERE t.worker_id = v_id
                            ORDER BY greatest(t.generation_started_at, t.generation_processed_at) DESC NULLS LAST
                            LIMIT 1)
     WHERE worker_id = v_id;
  END LOOP;
END
$backfill$;

-- Same signature and columns as 016 (CREATE OR REPLACE keeps its grants).
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
), running AS (
  SELECT t.worker_id, count(*) AS n
    FROM tasks t
   WHERE t.status = 'In Progress' AND t.worker_id IS NOT NULL
   GROUP BY t.worker_id
), oldest AS (
  SELECT DISTINCT ON (t.worker_id) t.worker_id, t.id, t.task_type, t.generation_started_at, t.created_at
    FROM tasks t
   WHERE t.status = 'In Progress' AND t.worker_id IS NOT NULL
     AND t.generation_started_at IS NOT NULL AND t.task_type NOT ILIKE '%orchestrator%'
   ORDER BY t.worker_id, t.generation_started_at
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

SELECT orchestrator_restrict_functions();

NOTIFY pgrst, 'reload schema';
