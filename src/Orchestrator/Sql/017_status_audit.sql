-- 017_status_audit.sql (016 is the spot migration): what the status page reads from the store rather than from
-- the process's memory, so a restarted service or a replica that just took over shows the same figures at once:
--   * the last decisions of the audit table (orchestrator_events), newest first, without the "steady" cycle rows
--     (one per cycle when nothing was decided: 2,880 a day at a 30 s cycle would push every decision off the page);
--   * the spend since a given instant (midnight UTC): each worker's cost_per_hr times the part of its life
--     (registered .. terminated, or now) after that instant;
--   * when the oldest queued task of the run type was queued (the demand's oldest wait).
-- orchestrator_status_history(now, spend_since, limit, demand_mode, run_type) returns them as one json value; both
-- stores call it (the PostgreSQL store with SELECT, the REST store through PostgREST). Read-only (STABLE).
--
-- Bounded whatever the history: the decisions are one backward scan of a partial index on the audit table's id
-- (at most p_limit entries, 200 at most), the ended workers a range of a partial index on their termination time,
-- the oldest queued task the first entry of 015's queued-tasks index. Both indexes are built here in the
-- migrator's transaction: the audit table is written only by the service's own cycle, which waits for the build
-- (about a second per million rows), and orchestrator_workers holds one row per worker ever spawned.

CREATE INDEX IF NOT EXISTS orchestrator_events_decisions_idx ON orchestrator_events (id)
  WHERE kind <> 'cycle' OR reason <> 'steady';
-- A terminated worker's state_since is when it ended.
CREATE INDEX IF NOT EXISTS orchestrator_workers_ended_idx ON orchestrator_workers (state_since)
  WHERE state = 'terminated';

SET LOCAL check_function_bodies = off;

CREATE OR REPLACE FUNCTION orchestrator_status_history(p_now timestamptz, p_spend_since timestamptz, p_limit integer,
                                                       p_demand_mode text DEFAULT 'auto', p_run_type text DEFAULT 'gpu')
RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_reigh boolean := p_demand_mode <> 'plain' AND to_regprocedure('count_eligible_tasks_service_role(boolean,text)') IS NOT NULL;
  v_oldest timestamptz;
BEGIN
  -- The run type is Reigh's notion (get_task_run_type); a plain schema counts every queued task, as the demand does.
  IF v_reigh THEN
    SELECT t.created_at INTO v_oldest FROM tasks t
     WHERE t.status = 'Queued' AND get_task_run_type(t.task_type) = p_run_type ORDER BY t.created_at LIMIT 1;
  ELSE
    SELECT t.created_at INTO v_oldest FROM tasks t WHERE t.status = 'Queued' ORDER BY t.created_at LIMIT 1;
  END IF;
  RETURN json_build_object(
    'decisions', coalesce((
      SELECT json_agg(json_build_object('id', e.id, 'at', e.at, 'cycle_id', e.cycle_id, 'kind', e.kind,
                                        'worker_id', e.worker_id, 'reason', e.reason, 'details', e.details) ORDER BY e.id DESC)
        FROM (SELECT * FROM orchestrator_events
               WHERE kind <> 'cycle' OR reason <> 'steady'
               ORDER BY id DESC LIMIT least(greatest(p_limit, 0), 200)) e), '[]'::json),
    'spend_since', p_spend_since,
    'spend', (
      SELECT coalesce(round(sum(w.cost_per_hr * greatest(0, extract(epoch FROM least(w.ended, p_now) - greatest(w.created_at, p_spend_since))) / 3600), 4), 0)
        FROM (SELECT o.cost_per_hr, o.created_at, p_now AS ended FROM orchestrator_workers o
               WHERE o.state <> 'terminated' AND o.cost_per_hr IS NOT NULL
              UNION ALL
              SELECT o.cost_per_hr, o.created_at, o.state_since FROM orchestrator_workers o
               WHERE o.state = 'terminated' AND o.state_since > p_spend_since AND o.cost_per_hr IS NOT NULL) w),
    'oldest_queued_at', v_oldest);
END
$fn$;

SET LOCAL check_function_bodies = on;

-- As 010: only the service role may call it.
SELECT orchestrator_restrict_functions();

NOTIFY pgrst, 'reload schema';
