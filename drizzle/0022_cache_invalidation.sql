-- Per-process caches (directory scopes and agencies, the working calendar, procedures) are cleared in every
-- instance when a transaction that changed their tables commits: NOTIFY is delivered only on commit, and a
-- trigger sees every writer (routes, seeds, imports, an administrator's SQL). See src/platform/db/invalidation.ts.
CREATE FUNCTION "tinhso_cache_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tinhso_cache', TG_ARGV[0]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "admin_units_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "admin_units" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('directory');
--> statement-breakpoint
CREATE TRIGGER "agencies_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agencies" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('directory');
--> statement-breakpoint
CREATE TRIGGER "calendar_settings_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_settings" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('calendar');
--> statement-breakpoint
CREATE TRIGGER "calendar_overrides_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_overrides" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('calendar');
--> statement-breakpoint
CREATE TRIGGER "procedures_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "procedures" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('procedures');
--> statement-breakpoint
CREATE TRIGGER "procedure_papers_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "procedure_papers" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('procedures');
--> statement-breakpoint
CREATE TRIGGER "procedure_fees_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "procedure_fees" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('procedures');
--> statement-breakpoint
CREATE TRIGGER "procedure_fields_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "procedure_fields" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('procedures');
--> statement-breakpoint
CREATE TRIGGER "workflow_steps_cache" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "workflow_steps" FOR EACH STATEMENT EXECUTE FUNCTION "tinhso_cache_changed"('procedures');
