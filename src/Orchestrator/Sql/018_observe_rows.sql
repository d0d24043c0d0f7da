-- 018_observe_rows.sql (issue 15 item 5): the observation of 5,000 workers in one round trip without building JSON
-- for each worker. Building, sending and parsing 5,000 worker objects as json cost more than reading them (about
-- 540 bytes and 21 keys a worker, 2.9 MB; 40-70 ms on the server alone), so:
--   * orchestrator_q_head: the observation without its workers (demand, outcomes, pause), one row;
--   * orchestrator_observe_rows: the same observation as rows, for the PostgreSQL store, which reads them in binary:
--     the first row carries the head as json in `head` (its worker columns NULL), every further row is one worker
--     of orchestrator_q_workers (`head` NULL). One statement of STABLE functions, so one snapshot, as
--     orchestrator_observe;
--   * orchestrator_observe (json, the REST store's: PostgREST can only answer json) is built from the same head, so
--     both answer the same thing. Same signature, same keys; workers ordered by id in "C" (byte) order, the order the
--     PostgreSQL store puts orchestrator_observe_rows' workers in.
--   * orchestrator_q_demand_reigh asks Reigh's get_task_run_type once per task type instead of once per task row
--     (1,000 queued rows cost 3-10 ms): a stable function answers the same for the same type within a snapshot.
-- Transactional; the functions read tasks at run time only (this file also loads before Reigh's tables exist).

SET LOCAL check_function_bodies = off;

CREATE OR REPLACE FUNCTION orchestrator_q_head(p_outcomes_since timestamptz, p_fresh_since timestamptz, p_demand_mode text,
                                               p_run_type text, p_arrived_since timestamptz)
RETURNS TABLE (has_eligibility_function boolean, demand json, outcomes json, paused boolean)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_has_function boolean := to_regprocedure('count_eligible_tasks_service_role(boolean,text)') IS NOT NULL;
  v_demand json;
BEGIN
  IF p_demand_mode <> 'plain' AND v_has_function THEN
    SELECT json_build_object('source', 'reigh-eligible', 'counts', json_build_array(d.queued, d.fresh, d.queued_only, d.queued_plus_active, d.arrived))
      INTO v_demand FROM orchestrator_q_demand_reigh(p_fresh_since, p_run_type, p_arrived_since) d;
  ELSE
    SELECT json_build_object('source', 'plain-count', 'counts', json_build_array(d.queued, d.fresh, d.in_progress, d.arrived))
      INTO v_demand FROM orchestrator_q_demand_plain(p_fresh_since, p_arrived_since) d;
  END IF;
  RETURN QUERY SELECT v_has_function, v_demand,
                      coalesce((SELECT json_agg(o) FROM orchestrator_q_outcomes(p_outcomes_since) o), '[]'::json),
                      orchestrator_q_paused();
END
$fn$;

-- Same signature, defaults and keys as 012; the answer the REST store reads. plpgsql, as in 012, so each
-- connection plans its statements once (a sql function is planned again at every call: about 9 ms for 5,000 workers).
CREATE OR REPLACE FUNCTION orchestrator_observe(p_pod_names text[], p_outcomes_since timestamptz,
                                     p_fresh_since timestamptz, p_demand_mode text DEFAULT 'auto',
                                     p_run_type text DEFAULT 'gpu', p_arrived_since timestamptz DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT json_build_object(
                   'has_eligibility_function', h.has_eligibility_function,
                   'demand', h.demand,
                   'workers', coalesce((SELECT json_agg(w ORDER BY w.worker_id COLLATE "C")
                                          FROM orchestrator_q_workers(coalesce(p_pod_names, '{}')) w), '[]'::json),
                   'outcomes', h.outcomes,
                   'paused', h.paused)
            FROM orchestrator_q_head(p_outcomes_since, p_fresh_since, p_demand_mode, p_run_type, p_arrived_since) h);
END
$fn$;

-- The PostgreSQL store's: the head row first, then one row per worker (orchestrator_q_workers' columns), in no
-- particular order (the store orders them by id: cheaper there than sorting 5,000 wide rows here). plpgsql for the
-- same reason as orchestrator_observe; RETURN QUERY keeps the head first.
CREATE OR REPLACE FUNCTION orchestrator_observe_rows(p_pod_names text[], p_outcomes_since timestamptz,
                                     p_fresh_since timestamptz, p_demand_mode text DEFAULT 'auto',
                                     p_run_type text DEFAULT 'gpu', p_arrived_since timestamptz DEFAULT NULL)
RETURNS TABLE (head json, worker_id text, state text, state_since timestamptz, created_at timestamptz, pod_id text,
               gpu_type text, db_status text, last_heartbeat timestamptz, launched_at timestamptz,
               running_tasks integer, oldest_task_id uuid, oldest_task_type text, oldest_task_started_at timestamptz,
               oldest_task_created_at timestamptz,
               last_work_at timestamptz, health_failures integer, bootstrap_attempts integer, reason text,
               self_terminated boolean, cost_per_hr numeric, spot boolean)
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY
    SELECT json_build_object('has_eligibility_function', h.has_eligibility_function, 'demand', h.demand,
                             'outcomes', h.outcomes, 'paused', h.paused),
           NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::text, NULL::text, NULL::text,
           NULL::timestamptz, NULL::timestamptz, NULL::integer, NULL::uuid, NULL::text, NULL::timestamptz,
           NULL::timestamptz, NULL::timestamptz, NULL::integer, NULL::integer, NULL::text, NULL::boolean,
           NULL::numeric, NULL::boolean
      FROM orchestrator_q_head(p_outcomes_since, p_fresh_since, p_demand_mode, p_run_type, p_arrived_since) h;
  RETURN QUERY SELECT NULL::json, w.* FROM orchestrator_q_workers(coalesce(p_pod_names, '{}')) w;
END
$fn$;

-- Same signature and results as 010: the run type of each task type asked once, not once per row.
CREATE OR REPLACE FUNCTION orchestrator_q_demand_reigh(p_fresh_since timestamptz, p_run_type text, p_arrived_since timestamptz)
RETURNS TABLE (queued integer, fresh integer, queued_only integer, queued_plus_active integer, arrived integer)
LANGUAGE sql STABLE AS $body$
WITH queued AS (
  SELECT t.task_type, count(*) AS n, count(*) FILTER (WHERE t.created_at >= $1) AS fresh
    FROM tasks t WHERE t.status = 'Queued' GROUP BY t.task_type
), arrived AS (
  SELECT t.task_type, count(*) AS n FROM tasks t WHERE t.created_at > $3 GROUP BY t.task_type
)
SELECT (SELECT coalesce(sum(q.n), 0) FROM queued q WHERE get_task_run_type(q.task_type) = $2)::int,
       (SELECT coalesce(sum(q.fresh), 0) FROM queued q WHERE get_task_run_type(q.task_type) = $2)::int,
       count_eligible_tasks_service_role(false, $2),
       count_eligible_tasks_service_role(true, $2),
       (SELECT coalesce(sum(a.n), 0) FROM arrived a WHERE get_task_run_type(a.task_type) = $2)::int
$body$;

SET LOCAL check_function_bodies = on;

-- As in 010: only the service role may call them.
SELECT orchestrator_restrict_functions();

NOTIFY pgrst, 'reload schema';
