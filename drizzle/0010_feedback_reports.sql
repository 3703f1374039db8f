CREATE SEQUENCE "public"."feedback_report_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "feedback_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_account_id" uuid,
	"agency_id" uuid,
	"from_status" text,
	"to_status" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"description_vi" text,
	"description_en" text,
	"group_name" text,
	"deadline_amount" integer NOT NULL,
	"deadline_unit" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_categories_deadline_ck" CHECK ("feedback_categories"."deadline_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "feedback_followers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"account_id" uuid,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_phone_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"salt" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_photos" (
	"report_id" uuid NOT NULL,
	"action_id" integer NOT NULL,
	"original_sha256" text NOT NULL,
	"public_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_photos_report_id_original_sha256_pk" PRIMARY KEY("report_id","original_sha256")
);
--> statement-breakpoint
CREATE TABLE "feedback_reporter_tickets" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"public_id" text NOT NULL,
	"token" text NOT NULL,
	"category_id" uuid NOT NULL,
	"description" text NOT NULL,
	"address" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"unit_id" uuid,
	"agency_id" uuid NOT NULL,
	"handler_account_id" uuid,
	"status" text DEFAULT 'new' NOT NULL,
	"channel" text NOT NULL,
	"reporter_account_id" uuid,
	"reporter_phone" text,
	"reporter_name" text,
	"reporter_email" text,
	"media_url" text,
	"due_at" timestamp with time zone NOT NULL,
	"first_resolved_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"rating" smallint,
	"merged_into_id" uuid,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_reports_rating_ck" CHECK ("feedback_reports"."rating" IS NULL OR "feedback_reports"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "feedback_routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_id" uuid NOT NULL,
	"unit_id" uuid,
	"agency_id" uuid NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"original_sha256" text NOT NULL,
	"public_sha256" text NOT NULL,
	"account_id" uuid,
	"phone" text,
	"width" integer,
	"height" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_actions" ADD CONSTRAINT "feedback_actions_report_id_feedback_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."feedback_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_actions" ADD CONSTRAINT "feedback_actions_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_actions" ADD CONSTRAINT "feedback_actions_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_followers" ADD CONSTRAINT "feedback_followers_report_id_feedback_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."feedback_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_followers" ADD CONSTRAINT "feedback_followers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_photos" ADD CONSTRAINT "feedback_photos_report_id_feedback_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."feedback_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_reports" ADD CONSTRAINT "feedback_reports_category_id_feedback_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."feedback_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_reports" ADD CONSTRAINT "feedback_reports_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_reports" ADD CONSTRAINT "feedback_reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_reports" ADD CONSTRAINT "feedback_reports_handler_account_id_accounts_id_fk" FOREIGN KEY ("handler_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_reports" ADD CONSTRAINT "feedback_reports_reporter_account_id_accounts_id_fk" FOREIGN KEY ("reporter_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_routing_rules" ADD CONSTRAINT "feedback_routing_rules_category_id_feedback_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."feedback_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_routing_rules" ADD CONSTRAINT "feedback_routing_rules_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_routing_rules" ADD CONSTRAINT "feedback_routing_rules_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_uploads" ADD CONSTRAINT "feedback_uploads_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_outbox_to_idx" ON "sms_outbox" USING btree ("to","created_at");--> statement-breakpoint
CREATE INDEX "feedback_actions_report_idx" ON "feedback_actions" USING btree ("report_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_categories_code_uq" ON "feedback_categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "feedback_followers_report_idx" ON "feedback_followers" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "feedback_phone_codes_phone_idx" ON "feedback_phone_codes" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "feedback_photos_public_idx" ON "feedback_photos" USING btree ("public_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_reports_public_id_uq" ON "feedback_reports" USING btree ("public_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_reports_token_uq" ON "feedback_reports" USING btree ("token");--> statement-breakpoint
CREATE INDEX "feedback_reports_location_idx" ON "feedback_reports" USING btree ("lat","lng");--> statement-breakpoint
CREATE INDEX "feedback_reports_category_status_idx" ON "feedback_reports" USING btree ("category_id","status");--> statement-breakpoint
CREATE INDEX "feedback_reports_agency_status_due_idx" ON "feedback_reports" USING btree ("agency_id","status","due_at");--> statement-breakpoint
CREATE INDEX "feedback_reports_created_idx" ON "feedback_reports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "feedback_reports_reporter_idx" ON "feedback_reports" USING btree ("reporter_account_id");--> statement-breakpoint
CREATE INDEX "feedback_routing_rules_lookup_idx" ON "feedback_routing_rules" USING btree ("category_id","unit_id");--> statement-breakpoint
CREATE INDEX "feedback_uploads_original_idx" ON "feedback_uploads" USING btree ("original_sha256");