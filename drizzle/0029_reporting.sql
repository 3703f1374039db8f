-- Reporting: indicators and their values per period, criteria sets and scores, periodic reports,
-- plans (targets, tasks, projects), satisfaction surveys and the operations centre's alerts.
-- The module reads other modules only through their published views.
CREATE TABLE "reporting_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"direction" text NOT NULL,
	"numerator_vi" text NOT NULL,
	"denominator_vi" text,
	"period_kinds" text[] NOT NULL,
	"scope_kinds" text[] NOT NULL,
	"source" jsonb NOT NULL,
	"owner_agency_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_indicators_key_version_uq" ON "reporting_indicators" USING btree ("key","version");
--> statement-breakpoint
CREATE TABLE "reporting_indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_key" text NOT NULL,
	"indicator_version" integer NOT NULL,
	"period_kind" text NOT NULL,
	"period_key" text NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" text NOT NULL,
	"a" double precision,
	"b" double precision,
	"value" double precision,
	"status" text NOT NULL,
	"evidence_sha256" text,
	"evidence_url" text,
	"note" text,
	"entered_by" uuid,
	"reviewed_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_indicator_values_uq" ON "reporting_indicator_values" USING btree ("indicator_key","period_kind","period_key","scope_kind","scope_id");
--> statement-breakpoint
CREATE INDEX "reporting_indicator_values_period_idx" ON "reporting_indicator_values" USING btree ("period_kind","period_key","scope_kind");
--> statement-breakpoint
CREATE TABLE "reporting_criteria_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"source" text,
	"target_computed_share" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_criteria_sets_key_version_uq" ON "reporting_criteria_sets" USING btree ("key","version");
--> statement-breakpoint
CREATE TABLE "reporting_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_id" uuid NOT NULL,
	"code" text NOT NULL,
	"printed_code" text NOT NULL,
	"parent_code" text,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"rule_text" text NOT NULL,
	"note" text NOT NULL,
	"printed_max" double precision,
	"source_line" integer,
	"rule" jsonb,
	"subject" text,
	"source" jsonb
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_criteria_set_code_uq" ON "reporting_criteria" USING btree ("set_id","code");
--> statement-breakpoint
ALTER TABLE "reporting_criteria" ADD CONSTRAINT "reporting_criteria_set_id_reporting_criteria_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."reporting_criteria_sets"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "reporting_criterion_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_id" uuid NOT NULL,
	"code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"input" jsonb NOT NULL,
	"evidence_sha256" text,
	"evidence_url" text,
	"status" text NOT NULL,
	"reason" text,
	"answered_by" uuid,
	"reviewed_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_criterion_answers_uq" ON "reporting_criterion_answers" USING btree ("set_id","code","agency_id","year");
--> statement-breakpoint
ALTER TABLE "reporting_criterion_answers" ADD CONSTRAINT "reporting_criterion_answers_set_id_reporting_criteria_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."reporting_criteria_sets"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "reporting_rankings" (
	"set_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"agency_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"rank" integer NOT NULL,
	"previous_score" double precision,
	"previous_rank" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_rankings_pk" PRIMARY KEY("set_id","year","agency_id")
);
--> statement-breakpoint
CREATE TABLE "reporting_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid,
	"title_vi" text NOT NULL,
	"title_en" text NOT NULL,
	"link" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_alerts_created_idx" ON "reporting_alerts" USING btree ("created_at");
--> statement-breakpoint
CREATE TABLE "reporting_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"period_kind" text NOT NULL,
	"deadline_days" integer NOT NULL,
	"remind_days" integer DEFAULT 3 NOT NULL,
	"fields" jsonb NOT NULL,
	"receiver_agency_id" uuid,
	"agency_ids" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_templates_deadline_ck" CHECK ("reporting_templates"."deadline_days" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_templates_key_uq" ON "reporting_templates" USING btree ("key");
--> statement-breakpoint
CREATE TABLE "reporting_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"values" jsonb NOT NULL,
	"computed_fields" text[] NOT NULL,
	"submitted_at" timestamp with time zone,
	"reason" text,
	"reminded_at" timestamp with time zone,
	"national_ref" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_reports_uq" ON "reporting_reports" USING btree ("template_id","agency_id","period_key");
--> statement-breakpoint
CREATE INDEX "reporting_reports_due_idx" ON "reporting_reports" USING btree ("status","due_at");
--> statement-breakpoint
ALTER TABLE "reporting_reports" ADD CONSTRAINT "reporting_reports_template_id_reporting_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."reporting_templates"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "reporting_report_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"values" jsonb,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_report_actions_report_idx" ON "reporting_report_actions" USING btree ("report_id");
--> statement-breakpoint
ALTER TABLE "reporting_report_actions" ADD CONSTRAINT "reporting_report_actions_report_id_reporting_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reporting_reports"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "reporting_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name_vi" text NOT NULL,
	"issuer" text NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_plans_key_uq" ON "reporting_plans" USING btree ("key");
--> statement-breakpoint
CREATE TABLE "reporting_plan_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"text_vi" text NOT NULL,
	"value" double precision,
	"unit" text,
	"year" integer,
	"scope" text,
	"responsible" text,
	"indicator_key" text,
	"source_line" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_plan_targets_plan_idx" ON "reporting_plan_targets" USING btree ("plan_id");
--> statement-breakpoint
ALTER TABLE "reporting_plan_targets" ADD CONSTRAINT "reporting_plan_targets_plan_id_reporting_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."reporting_plans"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "reporting_plan_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" text DEFAULT 'task' NOT NULL,
	"content" text NOT NULL,
	"lead" text,
	"partners" text,
	"deadline" text,
	"budget" text,
	"status" text DEFAULT 'open' NOT NULL,
	"progress" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source_line" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reporting_plan_tasks_plan_idx" ON "reporting_plan_tasks" USING btree ("plan_id");
--> statement-breakpoint
ALTER TABLE "reporting_plan_tasks" ADD CONSTRAINT "reporting_plan_tasks_plan_id_reporting_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."reporting_plans"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "reporting_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name_vi" text NOT NULL,
	"questions" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_surveys_key_uq" ON "reporting_surveys" USING btree ("key");
--> statement-breakpoint
CREATE TABLE "reporting_survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"dossier_hash" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"satisfied" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_survey_responses_dossier_uq" ON "reporting_survey_responses" USING btree ("survey_id","dossier_hash");
--> statement-breakpoint
CREATE INDEX "reporting_survey_responses_agency_idx" ON "reporting_survey_responses" USING btree ("agency_id","created_at");
--> statement-breakpoint
ALTER TABLE "reporting_survey_responses" ADD CONSTRAINT "reporting_survey_responses_survey_id_reporting_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."reporting_surveys"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- The timeline of a report is append-only.
CREATE FUNCTION reporting_report_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reporting_report_actions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER reporting_report_actions_no_update BEFORE UPDATE OR DELETE ON reporting_report_actions FOR EACH ROW EXECUTE FUNCTION reporting_report_actions_append_only();
