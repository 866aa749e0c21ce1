-- Data sources user questions can be asked about, and the limits their queries run under.
CREATE TABLE data_source (
    id                   text PRIMARY KEY,
    name                 text NOT NULL,
    description          text,
    -- A reference resolved at run time (e.g. a secret name); never the secret itself.
    connection_ref       text NOT NULL,
    allowed_schemas      text[] NOT NULL DEFAULT ARRAY['public'],
    enabled              boolean NOT NULL DEFAULT true,
    statement_timeout_ms bigint NOT NULL DEFAULT 5000 CHECK (statement_timeout_ms > 0),
    max_rows             integer NOT NULL DEFAULT 1000 CHECK (max_rows BETWEEN 1 AND 10000),
    max_result_bytes     bigint NOT NULL DEFAULT 1048576 CHECK (max_result_bytes > 0),
    max_cost             double precision NOT NULL DEFAULT 1000000,
    max_estimated_rows   double precision NOT NULL DEFAULT 10000000,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Worked examples (question -> SQL) that help the engine answer questions about a data source.
CREATE TABLE query_template (
    id               bigserial PRIMARY KEY,
    data_source_id   text NOT NULL REFERENCES data_source (id) ON DELETE CASCADE,
    name             text NOT NULL,
    example_question text NOT NULL,
    sql              text NOT NULL,
    description      text,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX query_template_data_source_idx ON query_template (data_source_id);

-- A user's question and everything the pipeline recorded while answering it.
CREATE TABLE user_query (
    id                uuid PRIMARY KEY,
    user_id           text NOT NULL,
    question          text NOT NULL,
    -- No foreign key: a query keeps its history even if its data source is later removed.
    data_source_id    text NOT NULL,
    options           jsonb,
    status            text NOT NULL DEFAULT 'PENDING'
                      CHECK (status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
    stage             text NOT NULL DEFAULT 'RECEIVED',
    analysis          jsonb,
    generated_sql     text,
    -- Capped so one huge answer cannot bloat the table; the repository truncates rows to fit.
    result            jsonb CHECK (result IS NULL OR octet_length(result::text) <= 4194304),
    summary           text,
    visualization     jsonb,
    error_code        text,
    error_message     text,
    error_field       text,
    attempts          integer NOT NULL DEFAULT 0,
    idempotency_key   text CHECK (idempotency_key IS NULL OR length(idempotency_key) <= 200),
    stage_timings     jsonb NOT NULL DEFAULT '{}'::jsonb,
    prompt_tokens     bigint NOT NULL DEFAULT 0,
    completion_tokens bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    completed_at      timestamptz
);

-- One query per (user, idempotency key): a retried POST finds the query it already created.
CREATE UNIQUE INDEX user_query_idempotency_uq
    ON user_query (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- A user's history, newest first, paged by (created_at, id).
CREATE INDEX user_query_history_idx ON user_query (user_id, created_at DESC, id DESC);
