-- reigh-schema.sql: a Reigh-shaped task/worker schema for tests, the simulator and docker-compose.
--
-- Written for this project from a reading of Reigh's public schema and worker contract (tables, the
-- eligibility rules the orchestrator's demand depends on, the worker heartbeat and the claim RPC). It is not the upstream
-- migration SQL and does not try to be complete: billing, generations, shares and most triggers are
-- left out. Only what the orchestrator reads, and what a test worker needs to act, is here.
--
-- Loads on a fresh PostgreSQL 15:  psql -v ON_ERROR_STOP=1 -f deploy/reigh-schema.sql
-- Safe to load once per database; roles are cluster-wide and created only when missing.

BEGIN;

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN BYPASSRLS; END IF;
END
$roles$;

-- The labels are compared as strings by workers and edge functions: keep the space in 'In Progress'.
CREATE TYPE task_status AS ENUM ('Queued', 'In Progress', 'Complete', 'Failed', 'Cancelled');

-- ---------------------------------------------------------------- owners
CREATE TABLE users (
  id        uuid PRIMARY KEY,
  name      text,
  credits   numeric(10,3) NOT NULL DEFAULT 0,
  settings  jsonb                                   -- ui.generationMethods.inCloud; missing means true
);

CREATE TABLE projects (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL DEFAULT 'project',
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_user_idx ON projects (user_id);

CREATE TABLE task_types (
  name       text PRIMARY KEY,
  run_type   text NOT NULL DEFAULT 'gpu' CHECK (run_type IN ('gpu', 'api')),
  is_active  boolean NOT NULL DEFAULT true
);

-- ---------------------------------------------------------------- workers
-- status is free text on purpose: the orchestrator writes inactive/spawning/active/error/terminated,
-- the worker's heartbeat writes active/crashed. No updated_at column, as upstream.
CREATE TABLE workers (
  id             text PRIMARY KEY,
  instance_type  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_heartbeat timestamptz,                       -- NULL until the first heartbeat
  status         text NOT NULL DEFAULT 'active',
  metadata       jsonb DEFAULT '{}'::jsonb,
  current_model  text
);
CREATE INDEX workers_status_heartbeat_idx ON workers (status, last_heartbeat);

-- ---------------------------------------------------------------- tasks
CREATE TABLE tasks (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_type                text NOT NULL,
  params                   jsonb NOT NULL DEFAULT '{}'::jsonb,
  status                   task_status NOT NULL DEFAULT 'Queued',
  dependant_on             uuid[],                  -- every listed task must be Complete
  output_location          text,
  project_id               uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  worker_id                text REFERENCES workers (id) ON DELETE SET NULL,
  attempts                 integer NOT NULL DEFAULT 0,
  error_message            text,
  result_data              jsonb DEFAULT '{}'::jsonb,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz,             -- written explicitly, no trigger
  generation_started_at    timestamptz,
  generation_processed_at  timestamptz
);
CREATE INDEX tasks_status_created_idx ON tasks (status, created_at);
CREATE INDEX tasks_project_status_idx ON tasks (project_id, status);
CREATE INDEX tasks_worker_status_idx ON tasks (worker_id, status);
CREATE INDEX tasks_queued_created_idx ON tasks (created_at) WHERE status = 'Queued';

-- ---------------------------------------------------------------- system_logs
CREATE TABLE system_logs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "timestamp"  timestamptz NOT NULL DEFAULT now(),
  source_type  text NOT NULL CHECK (source_type IN ('orchestrator_gpu', 'orchestrator_api', 'worker')),
  source_id    text NOT NULL,
  log_level    text NOT NULL CHECK (log_level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
  message      text NOT NULL,
  task_id      uuid,
  worker_id    text,
  cycle_number integer,
  metadata     jsonb DEFAULT '{}'::jsonb
);
CREATE INDEX system_logs_worker_idx ON system_logs (worker_id, "timestamp" DESC) WHERE worker_id IS NOT NULL;

-- ---------------------------------------------------------------- helpers
-- True when nothing is awaited, or every awaited id is an existing Complete task (a dangling id blocks).
CREATE FUNCTION all_dependencies_complete(p_dependant_on uuid[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(cardinality(p_dependant_on), 0) = 0
      OR NOT EXISTS (SELECT FROM unnest(p_dependant_on) AS need (id)
                      WHERE NOT EXISTS (SELECT FROM tasks d WHERE d.id = need.id AND d.status = 'Complete'))
$$;

-- Unknown or inactive task types run on GPUs.
CREATE FUNCTION get_task_run_type(p_task_type text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT run_type FROM task_types WHERE name = p_task_type AND is_active), 'gpu')
$$;

CREATE FUNCTION is_orchestrator_task(p_task_type text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT p_task_type ILIKE '%orchestrator%' $$;

-- Users allowed to have work claimed now, with their busy count (In Progress, non-orchestrator, any
-- run type, any worker). The per-user limit is 5.
CREATE FUNCTION eligible_users() RETURNS TABLE (user_id uuid, busy integer)
LANGUAGE sql STABLE AS $$
  SELECT u.id,
         (SELECT count(*) FROM tasks t JOIN projects p ON p.id = t.project_id
           WHERE p.user_id = u.id AND t.status = 'In Progress'
             AND NOT is_orchestrator_task(t.task_type))::integer
    FROM users u
   WHERE u.credits > 0
     AND coalesce((u.settings #>> '{ui,generationMethods,inCloud}')::boolean, true)
$$;

-- ---------------------------------------------------------------- demand
-- Per eligible user below the limit: ready = Queued, dependencies complete, run type matching
-- (orchestrator tasks included). Queued only: sum of min(5 - busy, ready). With active: sum of
-- min(5, busy + ready). Users at the limit add nothing to either.
CREATE FUNCTION count_eligible_tasks_service_role(p_include_active boolean DEFAULT false,
                                                  p_run_type text DEFAULT NULL) RETURNS integer
LANGUAGE sql STABLE AS $$
  WITH ready AS (
    SELECT p.user_id, count(*)::integer AS n
      FROM tasks t JOIN projects p ON p.id = t.project_id
     WHERE t.status = 'Queued'
       AND all_dependencies_complete(t.dependant_on)
       AND (p_run_type IS NULL OR get_task_run_type(t.task_type) = p_run_type)
     GROUP BY p.user_id)
  SELECT coalesce(sum(CASE WHEN p_include_active THEN least(5, e.busy + coalesce(r.n, 0))
                           ELSE least(5 - e.busy, coalesce(r.n, 0)) END), 0)::integer
    FROM eligible_users() e LEFT JOIN ready r ON r.user_id = e.user_id
   WHERE e.busy < 5
$$;

-- ---------------------------------------------------------------- worker side
-- The worker's heartbeat: overwrites status unconditionally (this is how 'error' rows come back to
-- 'active'), merges VRAM into metadata, creates an 'external' row for an unknown id, stores logs.
-- 'crashed' puts the worker's In Progress tasks back (attempts + 1) or fails them at 3 attempts.
CREATE FUNCTION func_worker_heartbeat_with_logs(worker_id_param text,
                                                vram_total_mb_param integer DEFAULT NULL,
                                                vram_used_mb_param integer DEFAULT NULL,
                                                logs_param jsonb DEFAULT '[]'::jsonb,
                                                current_task_id_param uuid DEFAULT NULL,
                                                status_param text DEFAULT 'active') RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  vram      jsonb := '{}'::jsonb;
  entry     jsonb;
  inserted  integer := 0;
  rejected  integer := 0;
  requeued  integer := 0;
  failed    integer := 0;
BEGIN
  IF vram_total_mb_param IS NOT NULL THEN
    vram := jsonb_build_object('vram_total_mb', vram_total_mb_param,
                               'vram_used_mb', coalesce(vram_used_mb_param, 0),
                               'vram_timestamp', extract(epoch FROM now()));
  END IF;

  INSERT INTO workers AS w (id, instance_type, status, last_heartbeat, metadata)
  VALUES (worker_id_param, 'external', status_param, now(), vram)
  ON CONFLICT (id) DO UPDATE
    SET status = excluded.status,
        last_heartbeat = now(),
        metadata = coalesce(w.metadata, '{}'::jsonb) || vram;

  IF status_param = 'crashed' THEN
    WITH moved AS (
      UPDATE tasks
         SET attempts = attempts + 1,
             status = CASE WHEN attempts + 1 > 3 THEN 'Failed' ELSE 'Queued' END::task_status,
             worker_id = NULL,
             generation_started_at = NULL,
             updated_at = now(),
             error_message = CASE WHEN attempts + 1 > 3
                                  THEN format('Failed: worker crashed (attempt %s)', attempts + 1)
                                  ELSE format('Requeued: worker crashed (attempt %s)', attempts + 1) END
       WHERE worker_id = worker_id_param AND status = 'In Progress'
      RETURNING status)
    SELECT count(*) FILTER (WHERE status = 'Queued'), count(*) FILTER (WHERE status = 'Failed')
      INTO requeued, failed FROM moved;
  END IF;

  FOR entry IN SELECT value FROM jsonb_array_elements(coalesce(logs_param, '[]'::jsonb)) LOOP
    BEGIN
      INSERT INTO system_logs ("timestamp", source_type, source_id, log_level, message, task_id, worker_id, metadata)
      VALUES (coalesce((entry ->> 'timestamp')::timestamptz, now()), 'worker', worker_id_param,
              coalesce(entry ->> 'level', 'INFO'), entry ->> 'message',
              coalesce((entry ->> 'task_id')::uuid, current_task_id_param), worker_id_param,
              coalesce(entry -> 'metadata', '{}'::jsonb));
      inserted := inserted + 1;
    EXCEPTION WHEN others THEN
      rejected := rejected + 1;                     -- bad level, bad uuid, missing message
    END;
  END LOOP;

  RETURN jsonb_build_object('success', true, 'heartbeat_updated', true,
                            'logs_inserted', inserted, 'log_errors', rejected,
                            'crash_requeued_tasks', requeued, 'crash_failed_tasks', failed);
END
$$;

-- FIFO claim of one eligible task (same eligibility as the count), skipping rows another claimer
-- holds. The worker row must exist (foreign key). Returns zero or one row.
CREATE FUNCTION claim_next_task_service_role(p_worker_id text,
                                             p_include_active boolean DEFAULT false,
                                             p_run_type text DEFAULT NULL)
RETURNS TABLE (task_id uuid, params jsonb, task_type text, project_id uuid, user_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  picked  uuid;
  owner   uuid;
BEGIN
  SELECT t.id, p.user_id INTO picked, owner
    FROM tasks t
    JOIN projects p ON p.id = t.project_id
    JOIN eligible_users() e ON e.user_id = p.user_id AND e.busy < 5
   WHERE t.status = 'Queued'
     AND all_dependencies_complete(t.dependant_on)
     AND (p_run_type IS NULL OR get_task_run_type(t.task_type) = p_run_type)
   ORDER BY t.created_at
   LIMIT 1
   FOR UPDATE OF t SKIP LOCKED;

  IF picked IS NULL THEN
    RETURN;
  END IF;

  UPDATE tasks AS t
     SET status = 'In Progress', worker_id = p_worker_id,
         generation_started_at = now(), updated_at = now()
   WHERE t.id = picked;

  RETURN QUERY SELECT t.id, t.params, t.task_type, t.project_id, owner FROM tasks t WHERE t.id = picked;
END
$$;

-- ---------------------------------------------------------------- privileges
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO service_role;
REVOKE EXECUTE ON FUNCTION func_worker_heartbeat_with_logs(text, integer, integer, jsonb, uuid, text),
                           claim_next_task_service_role(text, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO service_role;

COMMIT;
