-- Official documents (văn bản): registers, numbering (Nghị định 30/2020/NĐ-CP), handling, drafting, work records.
CREATE TABLE "document_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"letter" boolean DEFAULT false NOT NULL,
	"ordinal" smallint DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_agency_settings" (
	"agency_id" uuid PRIMARY KEY NOT NULL,
	"abbreviation" text NOT NULL,
	"place" text NOT NULL,
	"parent_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_registers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"series" text DEFAULT 'general' NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"type_codes" text[],
	"last_number" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_registers_number_ck" CHECK ("document_registers"."last_number" >= 0),
	CONSTRAINT "document_registers_year_ck" CHECK ("document_registers"."year" BETWEEN 2000 AND 2200)
);
--> statement-breakpoint
CREATE TABLE "work_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"retention_years" smallint,
	"handled_online" boolean DEFAULT true NOT NULL,
	"note" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"archived_by" uuid,
	CONSTRAINT "work_records_retention_ck" CHECK ("work_records"."retention_years" IS NULL OR "work_records"."retention_years" > 0)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"direction" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"type_code" text NOT NULL,
	"status" text NOT NULL,
	"register_id" uuid,
	"number" integer,
	"number_symbol" text,
	"summary" text NOT NULL,
	"body" text,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"confidentiality" text DEFAULT 'normal' NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"sender_name" text,
	"sender_agency_id" uuid,
	"original_number_symbol" text,
	"original_date" date,
	"received_via" text,
	"due_at" timestamp with time zone,
	"lead_handler_id" uuid,
	"completed_at" timestamp with time zone,
	"outcome" text,
	"outcome_note" text,
	"drafting_unit_id" uuid,
	"drafter_id" uuid,
	"reviewer_id" uuid,
	"signer_id" uuid,
	"signer_capacity" text,
	"signer_title" text,
	"signer_name" text,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"in_reply_to_id" uuid,
	"replaces_id" uuid,
	"issue_date" date,
	"numbered_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"signed_digitally" boolean DEFAULT false NOT NULL,
	"sent_electronically" boolean DEFAULT false NOT NULL,
	"sent_with_paper" boolean DEFAULT false NOT NULL,
	"pdf_sha256" text,
	"layout" jsonb,
	"text_state" text,
	"content" text,
	"work_record_id" uuid,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"create_transaction_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" text GENERATED ALWAYS AS (lower(f_unaccent(coalesce("number_symbol", '') || ' ' || coalesce("original_number_symbol", '') || ' ' || "summary" || ' ' || coalesce("sender_name", '') || ' ' || coalesce("content", '')))) STORED,
	CONSTRAINT "documents_number_ck" CHECK (("documents"."number" IS NULL) = ("documents"."register_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "document_numbers" (
	"register_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"document_id" uuid,
	"reserved_by" uuid,
	"reason" text,
	"allocated_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "document_numbers_register_id_number_pk" PRIMARY KEY("register_id","number"),
	CONSTRAINT "document_numbers_ck" CHECK ("document_numbers"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"role" text NOT NULL,
	"name" text,
	"pages" integer,
	"text_state" text,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" text NOT NULL,
	"parent_id" uuid,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"instruction" text,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
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
ALTER TABLE "document_agency_settings" ADD CONSTRAINT "document_agency_settings_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_registers" ADD CONSTRAINT "document_registers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_records" ADD CONSTRAINT "work_records_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_records" ADD CONSTRAINT "work_records_owner_id_accounts_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_records" ADD CONSTRAINT "work_records_archived_by_accounts_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_type_code_document_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."document_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_register_id_document_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."document_registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_sender_agency_id_agencies_id_fk" FOREIGN KEY ("sender_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_lead_handler_id_accounts_id_fk" FOREIGN KEY ("lead_handler_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_drafting_unit_id_agencies_id_fk" FOREIGN KEY ("drafting_unit_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_drafter_id_accounts_id_fk" FOREIGN KEY ("drafter_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_reviewer_id_accounts_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_signer_id_accounts_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_in_reply_to_id_documents_id_fk" FOREIGN KEY ("in_reply_to_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_replaces_id_documents_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_pdf_sha256_files_sha256_fk" FOREIGN KEY ("pdf_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_work_record_id_work_records_id_fk" FOREIGN KEY ("work_record_id") REFERENCES "public"."work_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_numbers" ADD CONSTRAINT "document_numbers_register_id_document_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."document_registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_numbers" ADD CONSTRAINT "document_numbers_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_numbers" ADD CONSTRAINT "document_numbers_reserved_by_accounts_id_fk" FOREIGN KEY ("reserved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_sha256_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_added_by_accounts_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignments" ADD CONSTRAINT "document_assignments_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignments" ADD CONSTRAINT "document_assignments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignments" ADD CONSTRAINT "document_assignments_parent_id_document_assignments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."document_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_assignments" ADD CONSTRAINT "document_assignments_assigned_by_accounts_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_actions" ADD CONSTRAINT "document_actions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_actions" ADD CONSTRAINT "document_actions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_registers_uq" ON "document_registers" USING btree ("agency_id","direction","series","year");--> statement-breakpoint
CREATE UNIQUE INDEX "document_numbers_document_uq" ON "document_numbers" USING btree ("register_id","document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_records_code_uq" ON "work_records" USING btree ("agency_id","code");--> statement-breakpoint
CREATE INDEX "work_records_owner_idx" ON "work_records" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_number_uq" ON "documents" USING btree ("register_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_create_tx_uq" ON "documents" USING btree ("created_by","create_transaction_id");--> statement-breakpoint
CREATE INDEX "documents_agency_idx" ON "documents" USING btree ("agency_id","direction","status");--> statement-breakpoint
CREATE INDEX "documents_registered_idx" ON "documents" USING btree ("registered_at");--> statement-breakpoint
CREATE INDEX "documents_due_idx" ON "documents" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "documents_lead_idx" ON "documents" USING btree ("lead_handler_id");--> statement-breakpoint
CREATE INDEX "documents_work_record_idx" ON "documents" USING btree ("work_record_id");--> statement-breakpoint
CREATE INDEX "documents_search_trgm" ON "documents" USING gin ("search" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_uq" ON "document_versions" USING btree ("document_id","version");--> statement-breakpoint
CREATE INDEX "document_files_document_idx" ON "document_files" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "document_files_sha_idx" ON "document_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "document_assignments_document_idx" ON "document_assignments" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "document_assignments_account_idx" ON "document_assignments" USING btree ("account_id","active");--> statement-breakpoint
CREATE UNIQUE INDEX "document_actions_seq_uq" ON "document_actions" USING btree ("document_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "document_actions_client_tx_uq" ON "document_actions" USING btree ("document_id","client_transaction_id");--> statement-breakpoint
CREATE INDEX "document_actions_at_idx" ON "document_actions" USING btree ("at");--> statement-breakpoint
-- Published for reporting (CONTRACTS.md §2): one row per document, no personal data.
CREATE VIEW "documents_stats" AS
SELECT d.id AS document_id, d.agency_id, a.level AS agency_level, d.direction, d.type_code, d.status, d.registered_at,
	CASE WHEN d.direction = 'outgoing' THEN d.issued_at END AS issued_at,
	(d.direction = 'outgoing' AND d.signed_digitally) AS signed_digitally,
	(d.direction = 'outgoing' AND d.sent_electronically) AS sent_electronically,
	(d.direction = 'outgoing' AND d.sent_with_paper) AS sent_with_paper,
	CASE WHEN d.direction = 'incoming' THEN d.due_at END AS due_at,
	CASE WHEN d.direction = 'incoming' THEN d.completed_at END AS completed_at,
	CASE WHEN d.direction = 'incoming' AND d.completed_at IS NOT NULL THEN
		CASE WHEN d.due_at IS NULL OR d.completed_at <= d.due_at THEN 'on_time' ELSE 'late' END
	END AS outcome,
	(d.direction = 'incoming' AND d.status IN ('registered', 'assigned', 'in_progress') AND d.due_at IS NOT NULL AND d.due_at < now()) AS pending_late
FROM documents d JOIN agencies a ON a.id = d.agency_id
WHERE d.register_id IS NOT NULL OR (d.direction = 'outgoing' AND d.status <> 'withdrawn');--> statement-breakpoint
CREATE VIEW "documents_work_record_stats" AS
SELECT w.id AS work_record_id, w.agency_id, a.level AS agency_level, w.opened_at, w.closed_at, w.handled_online
FROM work_records w JOIN agencies a ON a.id = w.agency_id;
--> statement-breakpoint
-- Nghị định 30/2020/NĐ-CP appendix III: the types of administrative document and their abbreviations (rows an administrator edits).
-- The official letter (công văn) has none in its symbol; 'CV' is only its code here.
INSERT INTO "document_types" ("code", "name", "name_en", "letter", "ordinal") VALUES
	('NQ', 'Nghị quyết', 'Resolution', false, 1),
	('QĐ', 'Quyết định', 'Decision', false, 2),
	('CT', 'Chỉ thị', 'Directive', false, 3),
	('QC', 'Quy chế', 'Regulation', false, 4),
	('QyĐ', 'Quy định', 'Rules', false, 5),
	('TC', 'Thông cáo', 'Communiqué', false, 6),
	('TB', 'Thông báo', 'Notice', false, 7),
	('HD', 'Hướng dẫn', 'Guidance', false, 8),
	('CTr', 'Chương trình', 'Programme', false, 9),
	('KH', 'Kế hoạch', 'Plan', false, 10),
	('PA', 'Phương án', 'Option plan', false, 11),
	('ĐA', 'Đề án', 'Scheme', false, 12),
	('DA', 'Dự án', 'Project', false, 13),
	('BC', 'Báo cáo', 'Report', false, 14),
	('BB', 'Biên bản', 'Minutes', false, 15),
	('TTr', 'Tờ trình', 'Submission', false, 16),
	('HĐ', 'Hợp đồng', 'Contract', false, 17),
	('CV', 'Công văn', 'Official letter', true, 18),
	('CĐ', 'Công điện', 'Official dispatch', false, 19),
	('BGN', 'Bản ghi nhớ', 'Memorandum of understanding', false, 20),
	('BTT', 'Bản thỏa thuận', 'Agreement', false, 21),
	('GUQ', 'Giấy ủy quyền', 'Power of attorney', false, 22),
	('GM', 'Giấy mời', 'Invitation', false, 23),
	('GGT', 'Giấy giới thiệu', 'Letter of introduction', false, 24),
	('GNP', 'Giấy nghỉ phép', 'Leave permit', false, 25),
	('PG', 'Phiếu gửi', 'Dispatch slip', false, 26),
	('PC', 'Phiếu chuyển', 'Transfer slip', false, 27),
	('PB', 'Phiếu báo', 'Notification slip', false, 28)
ON CONFLICT ("code") DO NOTHING;
