-- The integration platform (LGSP): registry, consumers and access, the exchange log and its seals, monitoring.
CREATE TABLE "gateway_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_members_kind_ck" CHECK ("kind" IN ('agency', 'system', 'platform', 'national'))
);
--> statement-breakpoint
ALTER TABLE "gateway_members" ADD CONSTRAINT "gateway_members_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_members_code_uq" ON "gateway_members" USING btree ("code");
--> statement-breakpoint
CREATE TABLE "gateway_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"base_url" text NOT NULL,
	"openapi" jsonb,
	"version" text DEFAULT '1' NOT NULL,
	"owner_agency_id" uuid,
	"classification" smallint DEFAULT 2 NOT NULL,
	"personal_data" boolean DEFAULT false NOT NULL,
	"body_limit" integer DEFAULT 1048576 NOT NULL,
	"timeout_ms" integer DEFAULT 10000 NOT NULL,
	"log_bodies" boolean DEFAULT false NOT NULL,
	"retention_days" integer DEFAULT 365 NOT NULL,
	"alert_error_rate" double precision DEFAULT 0.2 NOT NULL,
	"alert_p95_ms" integer DEFAULT 3000 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_services_classification_ck" CHECK ("classification" BETWEEN 1 AND 5),
	CONSTRAINT "gateway_services_limits_ck" CHECK ("body_limit" > 0 AND "timeout_ms" > 0 AND "retention_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "gateway_services" ADD CONSTRAINT "gateway_services_member_id_gateway_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."gateway_members"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "gateway_services" ADD CONSTRAINT "gateway_services_owner_agency_id_agencies_id_fk" FOREIGN KEY ("owner_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_services_member_code_uq" ON "gateway_services" USING btree ("member_id","code");
--> statement-breakpoint
CREATE TABLE "gateway_consumers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"name" text NOT NULL,
	"client_id" text NOT NULL,
	"secret_hash" text,
	"cert_sha256" text,
	"rate_max" integer DEFAULT 600 NOT NULL,
	"rate_window_ms" integer DEFAULT 60000 NOT NULL,
	"daily_quota" integer DEFAULT 100000 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_consumers_limits_ck" CHECK ("rate_max" > 0 AND "rate_window_ms" > 0 AND "daily_quota" > 0)
);
--> statement-breakpoint
ALTER TABLE "gateway_consumers" ADD CONSTRAINT "gateway_consumers_member_id_gateway_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."gateway_members"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_consumers_client_id_uq" ON "gateway_consumers" USING btree ("client_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_consumers_cert_uq" ON "gateway_consumers" USING btree ("cert_sha256");
--> statement-breakpoint
CREATE TABLE "gateway_access_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"methods" text[] NOT NULL,
	"path_pattern" text NOT NULL,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone,
	"request_id" uuid,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "gateway_access_rules" ADD CONSTRAINT "gateway_access_rules_consumer_id_gateway_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."gateway_consumers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "gateway_access_rules" ADD CONSTRAINT "gateway_access_rules_service_id_gateway_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."gateway_services"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "gateway_access_rules_consumer_idx" ON "gateway_access_rules" USING btree ("consumer_id","service_id");
--> statement-breakpoint
CREATE TABLE "gateway_access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"methods" text[] NOT NULL,
	"path_pattern" text NOT NULL,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_access_requests_status_ck" CHECK ("status" IN ('pending', 'approved', 'refused'))
);
--> statement-breakpoint
ALTER TABLE "gateway_access_requests" ADD CONSTRAINT "gateway_access_requests_consumer_id_gateway_consumers_id_fk" FOREIGN KEY ("consumer_id") REFERENCES "public"."gateway_consumers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "gateway_access_requests" ADD CONSTRAINT "gateway_access_requests_service_id_gateway_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."gateway_services"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "gateway_access_requests_status_idx" ON "gateway_access_requests" USING btree ("status");
--> statement-breakpoint
CREATE TABLE "gateway_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gateway_exchange_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"consumer_id" uuid,
	"service_id" uuid,
	"member_code" text NOT NULL,
	"service_code" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" integer NOT NULL,
	"outcome" text NOT NULL,
	"refusal" text,
	"bytes_in" bigint NOT NULL,
	"bytes_out" bigint NOT NULL,
	"latency_ms" double precision NOT NULL,
	"request_sha256" text NOT NULL,
	"response_sha256" text NOT NULL,
	"request_body" text,
	"response_body" text,
	"trace_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "gateway_exchange_log_service_at_idx" ON "gateway_exchange_log" USING btree ("service_id","at");
--> statement-breakpoint
CREATE INDEX "gateway_exchange_log_consumer_at_idx" ON "gateway_exchange_log" USING btree ("consumer_id","at");
--> statement-breakpoint
CREATE TABLE "gateway_log_pending" (
	"seq" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_log_chain" (
	"pos" bigint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"service_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"row_hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_log_chain_seq_uq" ON "gateway_log_chain" USING btree ("seq");
--> statement-breakpoint
CREATE TABLE "gateway_log_seals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pos" bigint NOT NULL,
	"head_hash" text NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	"kid" text NOT NULL,
	"signature" text NOT NULL,
	"timestamp_token" text,
	"tsa_url" text
);
--> statement-breakpoint
CREATE TABLE "gateway_log_purges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"before" timestamp with time zone NOT NULL,
	"rows" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"calls" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gateway_alerts" ADD CONSTRAINT "gateway_alerts_service_id_gateway_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."gateway_services"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_alerts_window_uq" ON "gateway_alerts" USING btree ("service_id","kind","window_start");
--> statement-breakpoint
CREATE TABLE "gateway_portal_sync" (
	"action_id" bigint PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"status" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The exchange log and its chain are append-only; only the retention purge (which records itself in gateway_log_purges)
-- may delete old log rows, and it says so by setting tinhso.gateway_purge for its transaction.
CREATE OR REPLACE FUNCTION gateway_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'gateway_exchange_log' AND current_setting('tinhso.gateway_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER gateway_exchange_log_append_only BEFORE UPDATE OR DELETE ON gateway_exchange_log FOR EACH ROW EXECUTE FUNCTION gateway_log_append_only();
--> statement-breakpoint
CREATE TRIGGER gateway_log_chain_append_only BEFORE UPDATE OR DELETE ON gateway_log_chain FOR EACH ROW EXECUTE FUNCTION gateway_log_append_only();
--> statement-breakpoint
CREATE TRIGGER gateway_log_seals_append_only BEFORE UPDATE OR DELETE ON gateway_log_seals FOR EACH ROW EXECUTE FUNCTION gateway_log_append_only();
--> statement-breakpoint
-- Published view (CONTRACTS §4): one row per service × consumer × hour, for reporting and the operations centre.
CREATE VIEW "gateway_service_stats" AS
SELECT l.service_id, s.code AS service_code, s.owner_agency_id AS provider_agency_id, l.consumer_id,
       date_trunc('hour', l.at) AS hour,
       count(*)::int AS calls,
       (count(*) FILTER (WHERE l.status >= 500 OR l.outcome = 'upstream-error'))::int AS errors,
       sum(l.bytes_in)::bigint AS bytes_in, sum(l.bytes_out)::bigint AS bytes_out,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY l.latency_ms) AS latency_ms_p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY l.latency_ms) AS latency_ms_p95
  FROM gateway_exchange_log l JOIN gateway_services s ON s.id = l.service_id
 GROUP BY l.service_id, s.code, s.owner_agency_id, l.consumer_id, date_trunc('hour', l.at);
--> statement-breakpoint
-- The platform's own modules, registered as providers (rows an administrator edits). A base URL starting with "/"
-- is the platform's own API, resolved against GATEWAY_PLATFORM_URL.
INSERT INTO "gateway_members" ("code", "name", "kind") VALUES ('tinhso', 'Nền tảng Tỉnh số', 'platform');
--> statement-breakpoint
INSERT INTO "gateway_services" ("member_id", "code", "name", "description", "base_url", "classification", "personal_data", "version")
SELECT m.id, v.code, v.name, v.description, v.base_url, v.classification, v.personal_data, '1'
  FROM gateway_members m, (VALUES
    ('dossier-status', 'Tình trạng hồ sơ TTHC', 'Tra cứu tình trạng hồ sơ thủ tục hành chính theo mã hồ sơ — dossier status by code', '/api/public/dossiers', 2, false),
    ('procedures', 'Danh mục thủ tục hành chính', 'Danh mục thủ tục, quy trình, phí — the procedure catalog', '/api/procedures', 1, false),
    ('field-reports', 'Phản ánh hiện trường (Open311)', 'Phản ánh hiện trường theo Open311 GeoReport v2 — field reports', '/open311/v2', 2, false),
    ('documents-exchange', 'Liên thông văn bản', 'Trao đổi văn bản điện tử giữa các cơ quan — document exchange', '/api/documents', 3, false),
    ('indicators', 'Chỉ tiêu chuyển đổi số', 'Chỉ tiêu, số liệu báo cáo — indicators', '/api/reporting/indicators', 1, false)
  ) AS v(code, name, description, base_url, classification, personal_data)
 WHERE m.code = 'tinhso';
