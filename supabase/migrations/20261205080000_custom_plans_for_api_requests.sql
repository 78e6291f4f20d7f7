-- Every API request is planned for its own values.
--
-- PostgREST sends each request as a prepared statement with the filter values as parameters. After five
-- executions of one statement in a session, PostgreSQL may switch to a generic plan, made without the values.
-- Under row-level security that plan goes wrong for the pages that matter most: for staff of an agency with
-- 10,000 inquiries (1M messages), an inbox page took 6-9 ms for its first five executions in a PostgREST
-- connection and 220-640 ms from the sixth on (bitmap and sort over every inquiry of the agency instead of the
-- ordered index scan that stops after 21 rows; docs/database.md, "The plans"). Planning each request anew
-- costs a fraction of a millisecond.
--
-- The setting belongs to the role PostgREST logs in as, in this database only (a development server may hold
-- other projects' databases), so it applies to connections opened after this migration: PostgREST's pool
-- replaces its connections over time (db-pool-max-lifetime, 30 minutes by default), or at once when PostgREST
-- restarts. Supabase allows this statement from migrations as it does for statement_timeout.
do $$
begin
  execute format('alter role authenticator in database %I set plan_cache_mode = %L', current_database(), 'force_custom_plan');
end
$$;
