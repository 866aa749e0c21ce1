-- Delivery guarantees (issue 7): a claim is a lease, each stage's output is a checkpoint a retry
-- starts from, and a query is handed to the queue through an outbox written with it.
ALTER TABLE user_query
    -- The claim of the worker processing the query: a random token and when it lapses. Writes of
    -- the pipeline name the token, so a worker whose lease was taken over cannot change the row.
    ADD COLUMN lease_owner    text,
    ADD COLUMN lease_until    timestamptz,
    -- Checkpoints: how many SQL drafts the engine wrote (analysis and generated_sql hold the
    -- latest), and its interpretation of the result (result holds the rows once they ran).
    ADD COLUMN drafts         integer NOT NULL DEFAULT 0,
    ADD COLUMN interpretation jsonb;

-- The sweeper's look for leases that lapsed.
CREATE INDEX user_query_lease_idx ON user_query (lease_until) WHERE status = 'PROCESSING';
-- Startup recovery and the sweeper's look for queries that never left PENDING.
CREATE INDEX user_query_unfinished_idx ON user_query (created_at)
    WHERE status IN ('PENDING', 'PROCESSING');

-- One record per query that must be (re)sent to the work queue. Submit writes it in the same
-- transaction as the query and marks it sent after the send; the sweeper sends what is unsent.
CREATE TABLE query_outbox (
    query_id      uuid PRIMARY KEY REFERENCES user_query (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- Null until the message is on the queue; set back to null to send it again.
    sent_at       timestamptz,
    send_attempts integer NOT NULL DEFAULT 0,
    -- The last send failure, for operators (a short message; never the question).
    last_error    text CHECK (last_error IS NULL OR length(last_error) <= 500)
);

CREATE INDEX query_outbox_unsent_idx ON query_outbox (created_at) WHERE sent_at IS NULL;
