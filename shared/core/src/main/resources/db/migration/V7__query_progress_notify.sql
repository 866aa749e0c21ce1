-- Live progress (issue 10): GET /queries/{id}?wait=N holds a request until the query's status or
-- stage changes. Every statement that changes either, whoever runs it (the worker, the sweeper, a
-- migration, an operator), notifies channel sqm_query_progress with the query's id; Postgres
-- delivers the notification when (and only if) the change commits, so a waiter never sees a stage
-- that is rolled back. The payload is the id alone: listeners re-read the row, which also checks
-- who may see it.

CREATE FUNCTION notify_query_progress() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('sqm_query_progress', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_query_progress_notify
    AFTER UPDATE OF status, stage ON user_query
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.stage IS DISTINCT FROM NEW.stage)
    EXECUTE FUNCTION notify_query_progress();
