-- Whose business an audit row is, for audit visibility by scope; no foreign keys (the platform does not depend on
-- the directory). Covered by the row's hash when present.
ALTER TABLE "audit_log" ADD COLUMN "agency_id" uuid;
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "unit_id" uuid;
--> statement-breakpoint
CREATE INDEX "audit_log_agency_idx" ON "audit_log" USING btree ("agency_id","seq") WHERE "audit_log"."agency_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "audit_log_unit_idx" ON "audit_log" USING btree ("unit_id","seq") WHERE "audit_log"."unit_id" IS NOT NULL;
