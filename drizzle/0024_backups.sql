CREATE TABLE "backup_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"slot" text,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"archive" text,
	"kind" text,
	"size_bytes" bigint,
	"sha256" text,
	"rows" bigint,
	"files" integer,
	"pruned" integer,
	"error" text,
	"requested_by" uuid,
	CONSTRAINT "backup_runs_trigger" CHECK ("backup_runs"."trigger" IN ('scheduled', 'manual')),
	CONSTRAINT "backup_runs_status" CHECK ("backup_runs"."status" IN ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "backup_runs_slot_uq" ON "backup_runs" USING btree ("slot");--> statement-breakpoint
CREATE INDEX "backup_runs_started_idx" ON "backup_runs" USING btree ("started_at");
