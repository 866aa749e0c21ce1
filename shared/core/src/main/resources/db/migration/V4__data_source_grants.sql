-- Who may ask about a data source: a user (user:<sub>), a group (group:<name>) or everyone.
-- Without a grant a non-admin cannot use the data source at all.
CREATE TABLE data_source_grant (
    data_source_id text NOT NULL REFERENCES data_source (id) ON DELETE CASCADE,
    principal      text NOT NULL
                   CHECK (principal ~ '^(user:.+|group:.+|everyone)$' AND length(principal) <= 140),
    granted_by     text NOT NULL,
    granted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (data_source_id, principal)
);
-- "Which data sources may these principals use" reads by principal.
CREATE INDEX data_source_grant_principal_idx ON data_source_grant (principal);
