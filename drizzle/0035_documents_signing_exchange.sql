-- Official documents: digital signatures (PAdES, platform keys and remote CSC signing), their verification reports,
-- and the exchange between agencies and deployments (edXML envelopes, status packets, outbox).
CREATE TABLE "document_signing_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"account_id" uuid,
	"agency_id" uuid,
	"method" text NOT NULL,
	"label" text NOT NULL,
	"cert_pem" text NOT NULL,
	"chain_pem" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"sealed_secret" text NOT NULL,
	"csc_url" text,
	"csc_credential_id" text,
	"image_sha256" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_signing_keys_owner_ck" CHECK (("document_signing_keys"."kind" = 'person' AND "document_signing_keys"."account_id" IS NOT NULL) OR ("document_signing_keys"."kind" = 'agency' AND "document_signing_keys"."agency_id" IS NOT NULL)),
	CONSTRAINT "document_signing_keys_csc_ck" CHECK ("document_signing_keys"."method" <> 'csc' OR ("document_signing_keys"."csc_url" IS NOT NULL AND "document_signing_keys"."csc_credential_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "document_signing_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key_id" uuid NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"base_pdf_sha256" text NOT NULL,
	"prepared_pdf_sha256" text,
	"signed_pdf_sha256" text,
	"byte_range" jsonb,
	"digest" text,
	"signing_time" timestamp with time zone NOT NULL,
	"timestamp_time" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_signature_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"pdf_sha256" text NOT NULL,
	"indication" text NOT NULL,
	"report" jsonb NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	"verified_by" uuid
);
--> statement-breakpoint
CREATE TABLE "document_exchange_identity" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"key_id" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"sealed_private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_exchange_identity_one_ck" CHECK ("document_exchange_identity"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "document_exchange_peers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"key_id" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"organ_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_exchange_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"business" text,
	"document_id" uuid,
	"relates_to" uuid,
	"from_organ_id" text NOT NULL,
	"to_organ_id" text NOT NULL,
	"status_code" text,
	"description" text,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"body" text NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "document_signing_keys" ADD CONSTRAINT "document_signing_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_keys" ADD CONSTRAINT "document_signing_keys_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_keys" ADD CONSTRAINT "document_signing_keys_image_sha256_files_sha256_fk" FOREIGN KEY ("image_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_keys" ADD CONSTRAINT "document_signing_keys_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_requests" ADD CONSTRAINT "document_signing_requests_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_requests" ADD CONSTRAINT "document_signing_requests_key_id_document_signing_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."document_signing_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_requests" ADD CONSTRAINT "document_signing_requests_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_requests" ADD CONSTRAINT "document_signing_requests_base_pdf_sha256_files_sha256_fk" FOREIGN KEY ("base_pdf_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_requests" ADD CONSTRAINT "document_signing_requests_prepared_pdf_sha256_files_sha256_fk" FOREIGN KEY ("prepared_pdf_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signing_requests" ADD CONSTRAINT "document_signing_requests_signed_pdf_sha256_files_sha256_fk" FOREIGN KEY ("signed_pdf_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signature_checks" ADD CONSTRAINT "document_signature_checks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signature_checks" ADD CONSTRAINT "document_signature_checks_verified_by_accounts_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_exchange_messages" ADD CONSTRAINT "document_exchange_messages_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_signing_keys_account_idx" ON "document_signing_keys" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "document_signing_keys_agency_idx" ON "document_signing_keys" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "document_signing_requests_document_idx" ON "document_signing_requests" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_signature_checks_uq" ON "document_signature_checks" USING btree ("document_id","pdf_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "document_exchange_peers_key_uq" ON "document_exchange_peers" USING btree ("key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_exchange_messages_uq" ON "document_exchange_messages" USING btree ("direction","message_id");--> statement-breakpoint
CREATE INDEX "document_exchange_messages_document_idx" ON "document_exchange_messages" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "document_exchange_messages_relates_idx" ON "document_exchange_messages" USING btree ("relates_to");
