-- Wake-up on demand: a task entering 'Queued' (inserted, or requeued) sends a NOTIFY on channel
-- orchestrator_tasks, which the service LISTENs on to run a cycle at once instead of at the next poll.
-- The payload is constant, so a transaction queuing many tasks delivers one notification (PostgreSQL
-- folds identical notifications of one transaction). Installed only where Reigh's tasks table exists.

CREATE OR REPLACE FUNCTION orchestrator_notify_task_queued() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('orchestrator_tasks', 'queued');
  RETURN NULL;
END
$fn$;

DO $do$
BEGIN
  IF to_regclass('tasks') IS NOT NULL THEN
    DROP TRIGGER IF EXISTS orchestrator_task_queued ON tasks;
    CREATE TRIGGER orchestrator_task_queued
      AFTER INSERT OR UPDATE OF status ON tasks
      FOR EACH ROW WHEN (NEW.status = 'Queued')
      EXECUTE FUNCTION orchestrator_notify_task_queued();
  ELSE
    RAISE NOTICE 'tasks table not found: the orchestrator_tasks wake-up trigger was not installed';
  END IF;
END
$do$;
