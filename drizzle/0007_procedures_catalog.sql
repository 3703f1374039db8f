CREATE TABLE "procedure_fees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"amount" integer NOT NULL,
	"note" text,
	CONSTRAINT "procedure_fees_amount_ck" CHECK ("procedure_fees"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "procedure_fields" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_papers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"originals" integer DEFAULT 0 NOT NULL,
	"copies" integer DEFAULT 0 NOT NULL,
	"mandatory" boolean DEFAULT true NOT NULL,
	"template_sha256" text,
	"note" text,
	CONSTRAINT "procedure_papers_counts_ck" CHECK ("procedure_papers"."originals" >= 0 AND "procedure_papers"."copies" >= 0),
	CONSTRAINT "procedure_papers_sha_ck" CHECK ("procedure_papers"."template_sha256" IS NULL OR "procedure_papers"."template_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"field_code" text NOT NULL,
	"levels" text[] NOT NULL,
	"agency_id" uuid,
	"agency_text" text,
	"processing_days" numeric(6, 1) NOT NULL,
	"processing_note" text,
	"online_level" text NOT NULL,
	"result_type" text,
	"legal_basis" text,
	"fee_summary" text,
	"form_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"search" text GENERATED ALWAYS AS (lower(f_unaccent("code" || ' ' || "name"))) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_levels_ck" CHECK (cardinality("procedures"."levels") > 0 AND "procedures"."levels" <@ ARRAY['province','district','commune']::text[]),
	CONSTRAINT "procedures_days_ck" CHECK ("procedures"."processing_days" >= 0 AND "procedures"."processing_days" * 2 = trunc("procedures"."processing_days" * 2))
);
--> statement-breakpoint
CREATE TABLE "workflow_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"role" text NOT NULL,
	"agency_mode" text DEFAULT 'dossier' NOT NULL,
	"agency_id" uuid,
	"share_percent" integer NOT NULL,
	CONSTRAINT "workflow_steps_share_ck" CHECK ("workflow_steps"."share_percent" BETWEEN 0 AND 100),
	CONSTRAINT "workflow_steps_agency_ck" CHECK (("workflow_steps"."agency_mode" = 'fixed') = ("workflow_steps"."agency_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD CONSTRAINT "procedure_fees_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_papers" ADD CONSTRAINT "procedure_papers_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_field_code_procedure_fields_code_fk" FOREIGN KEY ("field_code") REFERENCES "public"."procedure_fields"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD CONSTRAINT "workflow_steps_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_steps" ADD CONSTRAINT "workflow_steps_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_fees_ordinal_uq" ON "procedure_fees" USING btree ("procedure_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_papers_ordinal_uq" ON "procedure_papers" USING btree ("procedure_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "procedures_code_uq" ON "procedures" USING btree ("code");--> statement-breakpoint
CREATE INDEX "procedures_field_idx" ON "procedures" USING btree ("field_code");--> statement-breakpoint
CREATE INDEX "procedures_agency_idx" ON "procedures" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "procedures_levels_idx" ON "procedures" USING gin ("levels");--> statement-breakpoint
CREATE INDEX "procedures_search_trgm" ON "procedures" USING gin ("search" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_steps_ordinal_uq" ON "workflow_steps" USING btree ("procedure_id","ordinal");--> statement-breakpoint
CREATE INDEX "workflow_steps_agency_idx" ON "workflow_steps" USING btree ("agency_id");