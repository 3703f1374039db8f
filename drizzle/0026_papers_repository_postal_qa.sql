-- Kinds of paper (loại giấy tờ): one catalog shared by procedures' papers and the citizens' repository documents.
CREATE TABLE "paper_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"national_source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_kinds_code_ck" CHECK ("paper_kinds"."code" ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
	CONSTRAINT "paper_kinds_source_ck" CHECK ("paper_kinds"."national_source" IS NULL OR "paper_kinds"."national_source" IN ('population','civil-status','business','land','insurance'))
);
--> statement-breakpoint
INSERT INTO "paper_kinds" ("code", "name", "name_en", "national_source") VALUES
	('giay-to-tuy-than', 'Giấy tờ tùy thân (thẻ căn cước, hộ chiếu)', 'Identity paper (identity card, passport)', 'population'),
	('giay-khai-sinh', 'Giấy khai sinh', 'Birth certificate', 'civil-status'),
	('trich-luc-khai-tu', 'Trích lục khai tử', 'Death registration extract', 'civil-status'),
	('giay-chung-nhan-ket-hon', 'Giấy chứng nhận kết hôn', 'Marriage certificate', 'civil-status'),
	('giay-xac-nhan-tinh-trang-hon-nhan', 'Giấy xác nhận tình trạng hôn nhân', 'Certificate of marital status', 'civil-status'),
	('phieu-ly-lich-tu-phap', 'Phiếu lý lịch tư pháp', 'Judicial record certificate', NULL),
	('giay-chung-nhan-dang-ky-ho-kinh-doanh', 'Giấy chứng nhận đăng ký hộ kinh doanh', 'Household business registration certificate', NULL),
	('giay-chung-nhan-dang-ky-doanh-nghiep', 'Giấy chứng nhận đăng ký doanh nghiệp', 'Enterprise registration certificate', 'business'),
	('giay-phep-xay-dung', 'Giấy phép xây dựng', 'Building permit', NULL),
	('giay-chung-nhan-quyen-su-dung-dat', 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', 'Certificate of land use rights', 'land'),
	('giay-xac-nhan-khuyet-tat', 'Giấy xác nhận khuyết tật', 'Certificate of disability', NULL),
	('van-bang-chung-chi', 'Văn bằng, chứng chỉ', 'Diploma or certificate', NULL),
	('ban-sao-chung-thuc', 'Bản sao có chứng thực', 'Certified copy', NULL);
--> statement-breakpoint
-- How a procedure's paper reaches the dossier: uploaded; only shown at the desk; or taken from a national database.
ALTER TABLE "procedure_papers" ADD COLUMN "kind_code" text;
--> statement-breakpoint
ALTER TABLE "procedure_papers" ADD COLUMN "provision" text DEFAULT 'upload' NOT NULL;
--> statement-breakpoint
ALTER TABLE "procedure_papers" ADD COLUMN "national_source" text;
--> statement-breakpoint
ALTER TABLE "procedure_papers" ADD CONSTRAINT "procedure_papers_kind_code_paper_kinds_code_fk" FOREIGN KEY ("kind_code") REFERENCES "public"."paper_kinds"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "procedure_papers" ADD CONSTRAINT "procedure_papers_provision_ck" CHECK ("procedure_papers"."provision" IN ('upload','desk','national') AND ("procedure_papers"."provision" = 'national') = ("procedure_papers"."national_source" IS NOT NULL) AND ("procedure_papers"."national_source" IS NULL OR "procedure_papers"."national_source" IN ('population','civil-status','business','land','insurance')));
--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "result_kind_code" text;
--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_result_kind_code_paper_kinds_code_fk" FOREIGN KEY ("result_kind_code") REFERENCES "public"."paper_kinds"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- A citizen's consent to a lookup in a national database, and what the lookup answered (Nghị định 13/2023, Luật 91/2025).
CREATE TABLE "national_lookups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"source" text NOT NULL,
	"purpose" text NOT NULL,
	"procedure_id" uuid,
	"id_number" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "national_lookups_outcome_ck" CHECK ("national_lookups"."outcome" IN ('found','not-found','mismatch','unavailable'))
);
--> statement-breakpoint
ALTER TABLE "national_lookups" ADD CONSTRAINT "national_lookups_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "national_lookups" ADD CONSTRAINT "national_lookups_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "national_lookups_account_idx" ON "national_lookups" USING btree ("account_id");
--> statement-breakpoint
-- The citizen's repository of electronic documents (kho dữ liệu điện tử): results of dossiers, and papers they digitised.
CREATE TABLE "repository_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_account_id" uuid,
	"owner_id_number" text,
	"kind_code" text,
	"title" text NOT NULL,
	"sha256" text NOT NULL,
	"number" text,
	"issuer_agency_id" uuid,
	"issuer_name" text,
	"issued_on" date,
	"valid_until" date,
	"origin" text NOT NULL,
	"dossier_id" uuid,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repository_documents_origin_ck" CHECK ("repository_documents"."origin" IN ('result','citizen')),
	CONSTRAINT "repository_documents_sha_ck" CHECK ("repository_documents"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "repository_documents_owner_ck" CHECK ("repository_documents"."owner_account_id" IS NOT NULL OR "repository_documents"."owner_id_number" IS NOT NULL),
	CONSTRAINT "repository_documents_result_ck" CHECK (("repository_documents"."origin" = 'result') = ("repository_documents"."dossier_id" IS NOT NULL)),
	CONSTRAINT "repository_documents_validity_ck" CHECK ("repository_documents"."valid_until" IS NULL OR "repository_documents"."issued_on" IS NULL OR "repository_documents"."valid_until" >= "repository_documents"."issued_on")
);
--> statement-breakpoint
ALTER TABLE "repository_documents" ADD CONSTRAINT "repository_documents_owner_account_id_accounts_id_fk" FOREIGN KEY ("owner_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "repository_documents" ADD CONSTRAINT "repository_documents_kind_code_paper_kinds_code_fk" FOREIGN KEY ("kind_code") REFERENCES "public"."paper_kinds"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "repository_documents" ADD CONSTRAINT "repository_documents_issuer_agency_id_agencies_id_fk" FOREIGN KEY ("issuer_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "repository_documents" ADD CONSTRAINT "repository_documents_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "repository_documents" ADD CONSTRAINT "repository_documents_verified_by_accounts_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "repository_documents_owner_idx" ON "repository_documents" USING btree ("owner_account_id");
--> statement-breakpoint
CREATE INDEX "repository_documents_owner_id_number_idx" ON "repository_documents" USING btree ("owner_id_number");
--> statement-breakpoint
CREATE UNIQUE INDEX "repository_documents_dossier_uq" ON "repository_documents" USING btree ("dossier_id") WHERE "repository_documents"."origin" = 'result';
--> statement-breakpoint
-- Postal service rates (bưu chính công ích, Quyết định 45/2016/QĐ-TTg): data an administrator edits.
CREATE TABLE "postal_rates" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"amount" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "postal_rates_amount_ck" CHECK ("postal_rates"."amount" >= 0)
);
--> statement-breakpoint
INSERT INTO "postal_rates" ("code", "name", "name_en", "amount", "demo") VALUES
	('noi-tinh', 'Chuyển phát trong tỉnh', 'Delivery within the province', 25000, true),
	('ngoai-tinh', 'Chuyển phát ngoài tỉnh', 'Delivery to another province', 35000, true);
--> statement-breakpoint
CREATE TABLE "postal_shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"rate_code" text,
	"fee" integer DEFAULT 0 NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_phone" text,
	"address" text NOT NULL,
	"carrier" text,
	"tracking_code" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postal_shipments_direction_ck" CHECK ("postal_shipments"."direction" IN ('intake','return')),
	CONSTRAINT "postal_shipments_status_ck" CHECK ("postal_shipments"."status" IN ('requested','handed_over','in_transit','delivered','returned_to_sender','cancelled')),
	CONSTRAINT "postal_shipments_fee_ck" CHECK ("postal_shipments"."fee" >= 0)
);
--> statement-breakpoint
ALTER TABLE "postal_shipments" ADD CONSTRAINT "postal_shipments_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "postal_shipments" ADD CONSTRAINT "postal_shipments_rate_code_postal_rates_code_fk" FOREIGN KEY ("rate_code") REFERENCES "public"."postal_rates"("code") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "postal_shipments" ADD CONSTRAINT "postal_shipments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "postal_shipments_dossier_uq" ON "postal_shipments" USING btree ("dossier_id","direction") WHERE "postal_shipments"."status" <> 'cancelled';
--> statement-breakpoint
CREATE UNIQUE INDEX "postal_shipments_tracking_uq" ON "postal_shipments" USING btree ("carrier","tracking_code");
--> statement-breakpoint
CREATE TABLE "postal_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"carrier" text NOT NULL,
	"event_id" text,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "postal_events" ADD CONSTRAINT "postal_events_shipment_id_postal_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."postal_shipments"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "postal_events" ADD CONSTRAINT "postal_events_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "postal_events_shipment_idx" ON "postal_events" USING btree ("shipment_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "postal_events_carrier_event_uq" ON "postal_events" USING btree ("carrier","event_id");
--> statement-breakpoint
-- Questions and answers on procedures (hỏi đáp); `search` covers published answers for the catalog search.
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"dossier_id" uuid,
	"agency_id" uuid NOT NULL,
	"asker_account_id" uuid,
	"asker_name" text NOT NULL,
	"asker_contact" text,
	"body" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"search" text GENERATED ALWAYS AS (lower(f_unaccent("body" || ' ' || coalesce("answer", '')))) STORED,
	CONSTRAINT "questions_status_ck" CHECK ("questions"."status" IN ('open','answered')),
	CONSTRAINT "questions_answer_ck" CHECK (("questions"."status" = 'answered') = ("questions"."answer" IS NOT NULL AND "questions"."answered_at" IS NOT NULL)),
	CONSTRAINT "questions_published_ck" CHECK (NOT "questions"."published" OR "questions"."status" = 'answered'),
	CONSTRAINT "questions_contact_ck" CHECK ("questions"."asker_account_id" IS NOT NULL OR "questions"."asker_contact" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_asker_account_id_accounts_id_fk" FOREIGN KEY ("asker_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_answered_by_accounts_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "questions_agency_status_idx" ON "questions" USING btree ("agency_id","status");
--> statement-breakpoint
CREATE INDEX "questions_procedure_published_idx" ON "questions" USING btree ("procedure_id") WHERE "questions"."published";
--> statement-breakpoint
CREATE INDEX "questions_search_trgm" ON "questions" USING gin ("search" gin_trgm_ops) WHERE "questions"."published";
--> statement-breakpoint
-- How long an agency has to answer, in working days: one row per agency, the row without agency the default.
CREATE TABLE "question_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid,
	"answer_working_days" numeric(4, 1) NOT NULL,
	CONSTRAINT "question_rules_days_ck" CHECK ("question_rules"."answer_working_days" > 0 AND "question_rules"."answer_working_days" * 2 = trunc("question_rules"."answer_working_days" * 2))
);
--> statement-breakpoint
ALTER TABLE "question_rules" ADD CONSTRAINT "question_rules_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "question_rules_agency_uq" ON "question_rules" USING btree (coalesce("agency_id", '00000000-0000-0000-0000-000000000000'::uuid));
--> statement-breakpoint
INSERT INTO "question_rules" ("agency_id", "answer_working_days") VALUES (NULL, 5);
