-- The orchestrator's own state, beside Reigh's tables. workers.status is shared with the worker's
-- heartbeat (which overwrites it), so the orchestrator's view of each worker lives here instead.

CREATE TABLE IF NOT EXISTS orchestrator_workers (
  worker_id          text PRIMARY KEY,
  state              text NOT NULL CHECK (state IN ('requested', 'spawning', 'bootstrapping', 'active',
                                                    'draining', 'error', 'terminated')),
  state_since        timestamptz NOT NULL,
  pod_id             text,
  gpu_type           text,
  cost_per_hr        numeric(10,4),
  health_failures    integer NOT NULL DEFAULT 0,
  bootstrap_attempts integer NOT NULL DEFAULT 0,
  launched_at        timestamptz,
  reason             text,
  booted_at          timestamptz,               -- last boot success (breaker outcome)
  failed_at          timestamptz,               -- last boot or health failure (breaker outcome)
  failure_kind       text CHECK (failure_kind IN ('boot_failed', 'health_failed')),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
-- Live workers are read every cycle; terminated ones only when a pod still names them.
CREATE INDEX IF NOT EXISTS orchestrator_workers_live_idx ON orchestrator_workers (state) WHERE state <> 'terminated';
CREATE INDEX IF NOT EXISTS orchestrator_workers_booted_idx ON orchestrator_workers (booted_at) WHERE booted_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS orchestrator_workers_failed_idx ON orchestrator_workers (failed_at) WHERE failed_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS orchestrator_events (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL,
  cycle_id   uuid NOT NULL,
  kind       text NOT NULL,
  worker_id  text,
  reason     text NOT NULL,
  details    jsonb
);
CREATE INDEX IF NOT EXISTS orchestrator_events_at_idx ON orchestrator_events (at);
CREATE INDEX IF NOT EXISTS orchestrator_events_worker_idx ON orchestrator_events (worker_id, at) WHERE worker_id IS NOT NULL;

-- The operator kill switch: a single row.
CREATE TABLE IF NOT EXISTS orchestrator_control (
  id          integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  paused      boolean NOT NULL DEFAULT false,
  reason      text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO orchestrator_control (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
