-- The catalog import (CSDL quốc gia về TTHC): what a procedure's national record holds beyond the first columns.
ALTER TABLE "procedures" ADD COLUMN "channels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "competent_agency_text" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "subjects" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "requirements" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_channels_ck" CHECK ("procedures"."channels" <@ ARRAY['direct','online','postal']::text[]);--> statement-breakpoint
ALTER TABLE "procedure_papers" ADD COLUMN "template_name" text;
