-- A report's actions are its history: the database refuses to change or remove one.
CREATE OR REPLACE FUNCTION feedback_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'feedback_actions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER feedback_actions_no_update BEFORE UPDATE OR DELETE ON feedback_actions FOR EACH ROW EXECUTE FUNCTION feedback_actions_append_only();
--> statement-breakpoint
CREATE TRIGGER feedback_actions_no_truncate BEFORE TRUNCATE ON feedback_actions FOR EACH STATEMENT EXECUTE FUNCTION feedback_actions_append_only();
