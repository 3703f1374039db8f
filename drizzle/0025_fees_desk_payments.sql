-- Same-day and immediate procedures: the cut-off hour after which "within the day" means the next working day's end,
-- and the working minutes of an "immediate" procedure.
ALTER TABLE "procedures" ADD COLUMN "processing_cutoff" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "immediate_minutes" integer;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_cutoff_ck" CHECK ("procedures"."processing_cutoff" IS NULL OR "procedures"."processing_cutoff" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_immediate_ck" CHECK ("procedures"."immediate_minutes" IS NULL OR ("procedures"."immediate_minutes" BETWEEN 1 AND 480 AND "procedures"."processing_days" = 0));--> statement-breakpoint
-- Fees by rule: each fee row of a procedure is a rule.
ALTER TABLE "procedure_fees" ADD COLUMN "kind" text DEFAULT 'fixed' NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "quantity_field" text;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "from_copy" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "brackets" jsonb;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "reductions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "online_reduction_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "refundable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "legal_basis" text;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD CONSTRAINT "procedure_fees_kind_ck" CHECK ("procedure_fees"."kind" IN ('fixed', 'per_copy', 'by_field'));--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD CONSTRAINT "procedure_fees_from_copy_ck" CHECK ("procedure_fees"."from_copy" >= 1);--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD CONSTRAINT "procedure_fees_online_ck" CHECK ("procedure_fees"."online_reduction_percent" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "procedure_fees" ADD CONSTRAINT "procedure_fees_validity_ck" CHECK ("procedure_fees"."valid_to" IS NULL OR "procedure_fees"."valid_from" IS NULL OR "procedure_fees"."valid_to" >= "procedure_fees"."valid_from");--> statement-breakpoint
-- The fee computed for a dossier from the rules and its form, at submission or receipt and again when a supplement changes the form.
ALTER TABLE "dossiers" ADD COLUMN "fee" jsonb;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "fee_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_fee_total_ck" CHECK ("dossiers"."fee_total" >= 0);--> statement-breakpoint
-- Receipt books (quyển biên lai): one per agency and year, numbered in the paying transaction.
CREATE TABLE "receipt_books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"symbol" text NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receipt_books_last_ck" CHECK ("receipt_books"."last" >= 0)
);
--> statement-breakpoint
ALTER TABLE "receipt_books" ADD CONSTRAINT "receipt_books_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "receipt_books_agency_year_uq" ON "receipt_books" USING btree ("agency_id","year");--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "method" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "receipt_book_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "receipt_seq" integer;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "refunded_amount" integer;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "refunded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_receipt_book_id_receipt_books_id_fk" FOREIGN KEY ("receipt_book_id") REFERENCES "public"."receipt_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_method_ck" CHECK ("payment_requests"."method" IS NULL OR "payment_requests"."method" IN ('cash', 'card'));--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_refund_ck" CHECK ("payment_requests"."refunded_amount" IS NULL OR ("payment_requests"."refunded_amount" > 0 AND "payment_requests"."refunded_amount" <= "payment_requests"."amount"));--> statement-breakpoint
CREATE UNIQUE INDEX "payment_requests_receipt_seq_uq" ON "payment_requests" USING btree ("receipt_book_id","receipt_seq");
