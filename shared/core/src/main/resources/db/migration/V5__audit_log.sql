-- Who asked what, against which data source, which SQL ran, the outcome and when: one row per
-- event, never changed or removed (the triggers below refuse UPDATE, DELETE and TRUNCATE).
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The user id (token sub) of who did it.
    actor          text NOT NULL,
    -- QUERY_SUBMITTED, QUERY_COMPLETED, QUERY_FAILED, QUERY_FORBIDDEN, RATE_LIMITED, ADMIN_*.
    action         text NOT NULL,
    data_source_id text,
    query_id       uuid,
    -- The question text belongs here, not in the application logs.
    question       text,
    -- The SQL that ran (or last ran, for a failed query).
    sql            text,
    -- ACCEPTED, COMPLETED, FAILED, REFUSED, DONE.
    outcome        text NOT NULL,
    error_code     text,
    detail         jsonb
);

-- GET /audit: newest first, paged by (at, id), optionally by actor or data source.
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC, id DESC);
CREATE INDEX audit_log_data_source_idx ON audit_log (data_source_id, at DESC, id DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- A query's audit rows are written by the statement that stores it, and by the one that finishes
-- it, in the same transaction: an accepted query is never stored without its row, nor its row
-- written for a query that was not stored; every writer (worker, sweeper, local runner) is covered.
CREATE FUNCTION audit_log_user_query() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (actor, action, data_source_id, query_id, question, outcome, detail)
        VALUES (NEW.user_id, 'QUERY_SUBMITTED', NEW.data_source_id, NEW.id, NEW.question,
                'ACCEPTED',
                jsonb_strip_nulls(jsonb_build_object(
                    'parentQueryId', NEW.parent_query_id,
                    'instructions', NEW.instructions IS NOT NULL)));
    ELSIF NEW.status IN ('COMPLETED', 'FAILED') AND OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO audit_log (actor, action, data_source_id, query_id, question, sql, outcome,
                               error_code, detail)
        VALUES (NEW.user_id, 'QUERY_' || NEW.status, NEW.data_source_id, NEW.id, NEW.question,
                NEW.generated_sql, NEW.status, NEW.error_code,
                jsonb_strip_nulls(jsonb_build_object(
                    'engine', NEW.engine,
                    'promptTokens', NEW.prompt_tokens,
                    'completionTokens', NEW.completion_tokens,
                    'attempts', NEW.attempts,
                    'rowCount', NEW.result -> 'rowCount')));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER user_query_audit_insert
    AFTER INSERT ON user_query
    FOR EACH ROW EXECUTE FUNCTION audit_log_user_query();

CREATE TRIGGER user_query_audit_finish
    AFTER UPDATE OF status ON user_query
    FOR EACH ROW
    WHEN (NEW.status IN ('COMPLETED', 'FAILED') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION audit_log_user_query();
