-- Completion events (issue 9): every query that ends COMPLETED or FAILED gets one event, written by
-- the statement that finishes it (the trigger below, so in the same transaction and for every
-- writer), published to the event bus after commit and, when the query named a callback URL,
-- POSTed there as a signed webhook. What could not be sent stays here for the sweeper.

-- Where the caller asked to be told (checked against SSRF at submit and again at each send).
ALTER TABLE user_query
    ADD COLUMN callback_url text CHECK (callback_url IS NULL OR length(callback_url) <= 2048);

CREATE TABLE completion_event (
    -- The event's id: the same on every (re)send, so consumers can drop duplicates.
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    query_id             uuid NOT NULL UNIQUE REFERENCES user_query (id) ON DELETE CASCADE,
    detail_type          text NOT NULL CHECK (detail_type IN ('QueryCompleted', 'QueryFailed')),
    -- The event's time; the detail is read from the finished query, which no longer changes.
    created_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- Null until the bus accepted the event.
    published_at         timestamptz,
    publish_attempts     integer NOT NULL DEFAULT 0,
    publish_error        text CHECK (publish_error IS NULL OR length(publish_error) <= 500),
    callback_url         text,
    -- When the next webhook attempt is due; null when none is owed (no callback URL, delivered,
    -- or given up). A sender claims a delivery by moving this ahead while it sends.
    webhook_due_at       timestamptz,
    webhook_attempts     integer NOT NULL DEFAULT 0,
    webhook_delivered_at timestamptz,
    webhook_error        text CHECK (webhook_error IS NULL OR length(webhook_error) <= 500)
);

CREATE INDEX completion_event_unpublished_idx ON completion_event (created_at)
    WHERE published_at IS NULL;
CREATE INDEX completion_event_webhook_due_idx ON completion_event (webhook_due_at)
    WHERE webhook_due_at IS NOT NULL;

CREATE FUNCTION completion_event_user_query() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO completion_event (query_id, detail_type, callback_url, webhook_due_at)
    VALUES (NEW.id,
            CASE NEW.status WHEN 'COMPLETED' THEN 'QueryCompleted' ELSE 'QueryFailed' END,
            NEW.callback_url,
            CASE WHEN NEW.callback_url IS NOT NULL THEN clock_timestamp() END)
    ON CONFLICT (query_id) DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_query_completion_event
    AFTER UPDATE OF status ON user_query
    FOR EACH ROW
    WHEN (NEW.status IN ('COMPLETED', 'FAILED') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION completion_event_user_query();
