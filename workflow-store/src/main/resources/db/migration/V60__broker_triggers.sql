-- Broker triggers (rabbitmq_trigger, nats_trigger, kafka_trigger): what each API replica's consumer
-- reports, so GET /workflows/{id} shows the same state whichever replica answers.
CREATE TABLE broker_trigger_states (
  tenant_id           text NOT NULL,
  workflow_id         text NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  node_id             text NOT NULL,
  replica_id          text NOT NULL,
  component_id        text NOT NULL,
  connected           boolean NOT NULL,
  last_message_at     timestamptz,
  messages_last_hour  bigint NOT NULL,
  runs_started        bigint NOT NULL,
  duplicates          bigint NOT NULL,
  dead_lettered       bigint NOT NULL,
  lag                 bigint,
  last_error          text,
  updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, workflow_id, node_id, replica_id)
);

-- The back-pressure check counts a workflow's queued runs.
CREATE INDEX runs_queued_by_workflow ON runs (tenant_id, workflow_id) WHERE status = 'queued';
