-- What the model engine records on a query: which engine answered, each SQL it tried, and the
-- tokens and estimated cost it spent per stage; the caller's instructions and the query a
-- follow-up builds on.
ALTER TABLE user_query
    ADD COLUMN engine             text,
    -- [{attempt, sql, error?, usage?}, ...] in the order they were tried.
    ADD COLUMN sql_attempts       jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- {STAGE: {promptTokens, completionTokens, estimatedCostUsd}}; totals in the columns below.
    ADD COLUMN stage_usage        jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN estimated_cost_usd numeric NOT NULL DEFAULT 0,
    -- The API accepts at most 2,000 characters; the check keeps any other writer within bounds.
    ADD COLUMN instructions       text CHECK (instructions IS NULL OR length(instructions) <= 2000),
    -- No foreign key, like data_source_id: a follow-up keeps its history if the parent goes.
    ADD COLUMN parent_query_id    uuid;

CREATE INDEX user_query_parent_idx ON user_query (parent_query_id) WHERE parent_query_id IS NOT NULL;

-- Examples come from people who wrote them (TEMPLATE) or from answers a user approved (FEEDBACK).
ALTER TABLE query_template
    ADD COLUMN origin          text NOT NULL DEFAULT 'TEMPLATE' CHECK (origin IN ('TEMPLATE', 'FEEDBACK')),
    ADD COLUMN source_query_id uuid;

-- One example per approved query: a repeated approval replaces it instead of adding another.
CREATE UNIQUE INDEX query_template_source_query_uq
    ON query_template (source_query_id)
    WHERE source_query_id IS NOT NULL;

-- A user's verdict on an answer; one current verdict per query and user (a new one replaces it).
CREATE TABLE query_feedback (
    query_id      uuid NOT NULL REFERENCES user_query (id) ON DELETE CASCADE,
    user_id       text NOT NULL,
    rating        text NOT NULL CHECK (rating IN ('up', 'down')),
    corrected_sql text CHECK (corrected_sql IS NULL OR length(corrected_sql) <= 20000),
    comment       text CHECK (comment IS NULL OR length(comment) <= 2000),
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (query_id, user_id)
);
