CREATE TABLE "dossier_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"client_transaction_id" text
);
--> statement-breakpoint
CREATE TABLE "dossier_counters" (
	"agency_code" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "dossier_counters_last_ck" CHECK ("dossier_counters"."last" >= 1)
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"receiving_agency_id" uuid NOT NULL,
	"current_agency_id" uuid NOT NULL,
	"applicant_unit_id" uuid,
	"applicant_account_id" uuid,
	"applicant_name" text NOT NULL,
	"applicant_id_number" text,
	"applicant_phone" text,
	"applicant_email" text,
	"applicant_address" text,
	"channel" text NOT NULL,
	"form_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"resume_status" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"new_due_at" timestamp with time zone,
	"paused_ms" integer DEFAULT 0 NOT NULL,
	"paused_since" timestamp with time zone,
	"current_step" integer,
	"current_handler_id" uuid,
	"completed_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"result_sha256" text,
	"rating" smallint,
	"rating_comment" text,
	"created_by" uuid,
	"create_transaction_id" text,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossiers_rating_ck" CHECK ("dossiers"."rating" IS NULL OR "dossiers"."rating" BETWEEN 1 AND 5),
	CONSTRAINT "dossiers_paused_ck" CHECK ("dossiers"."paused_ms" >= 0)
);
--> statement-breakpoint
ALTER TABLE "dossier_actions" ADD CONSTRAINT "dossier_actions_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_actions" ADD CONSTRAINT "dossier_actions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_receiving_agency_id_agencies_id_fk" FOREIGN KEY ("receiving_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_current_agency_id_agencies_id_fk" FOREIGN KEY ("current_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_applicant_unit_id_admin_units_id_fk" FOREIGN KEY ("applicant_unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_applicant_account_id_accounts_id_fk" FOREIGN KEY ("applicant_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_current_handler_id_accounts_id_fk" FOREIGN KEY ("current_handler_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_actions_seq_uq" ON "dossier_actions" USING btree ("dossier_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_actions_client_tx_uq" ON "dossier_actions" USING btree ("dossier_id","client_transaction_id");--> statement-breakpoint
CREATE INDEX "dossier_actions_at_idx" ON "dossier_actions" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_counters_pk" ON "dossier_counters" USING btree ("agency_code","day");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_code_uq" ON "dossiers" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_create_tx_uq" ON "dossiers" USING btree ("created_by","create_transaction_id");--> statement-breakpoint
CREATE INDEX "dossiers_agency_status_idx" ON "dossiers" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "dossiers_receiving_status_idx" ON "dossiers" USING btree ("receiving_agency_id","status");--> statement-breakpoint
CREATE INDEX "dossiers_current_status_idx" ON "dossiers" USING btree ("current_agency_id","status");--> statement-breakpoint
CREATE INDEX "dossiers_applicant_idx" ON "dossiers" USING btree ("applicant_account_id");--> statement-breakpoint
CREATE INDEX "dossiers_handler_idx" ON "dossiers" USING btree ("current_handler_id");--> statement-breakpoint
CREATE INDEX "dossiers_due_idx" ON "dossiers" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "dossiers_received_idx" ON "dossiers" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_idx" ON "dossiers" USING btree ("procedure_id");