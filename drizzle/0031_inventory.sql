-- Inventory (hạ tầng và hệ thống thông tin): where each fact came from (a tool, a spreadsheet, the platform's own check).
CREATE TABLE "inventory_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"base_url" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_sources_kind_ck" CHECK ("inventory_sources"."kind" IN ('glpi', 'wazuh', 'spreadsheet', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "inventory_sources" ADD CONSTRAINT "inventory_sources_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "inventory_sources_agency_idx" ON "inventory_sources" USING btree ("agency_id");
--> statement-breakpoint
CREATE TABLE "inventory_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"serial" text,
	"owner_person_id" uuid,
	"location" text,
	"os_name" text,
	"os_version" text,
	"last_seen_at" timestamp with time zone,
	"antimalware" text DEFAULT 'unknown' NOT NULL,
	"internet" boolean DEFAULT false NOT NULL,
	"shares_malware_data" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"gone_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_devices_kind_ck" CHECK ("inventory_devices"."kind" IN ('desktop', 'laptop', 'tablet', 'server', 'network')),
	CONSTRAINT "inventory_devices_antimalware_ck" CHECK ("inventory_devices"."antimalware" IN ('active', 'inactive', 'none', 'unknown')),
	CONSTRAINT "inventory_devices_status_ck" CHECK ("inventory_devices"."status" IN ('active', 'gone'))
);
--> statement-breakpoint
ALTER TABLE "inventory_devices" ADD CONSTRAINT "inventory_devices_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inventory_devices" ADD CONSTRAINT "inventory_devices_source_id_inventory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."inventory_sources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inventory_devices" ADD CONSTRAINT "inventory_devices_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_devices_source_uq" ON "inventory_devices" USING btree ("source_id","external_id");
--> statement-breakpoint
CREATE INDEX "inventory_devices_agency_idx" ON "inventory_devices" USING btree ("agency_id","kind");
--> statement-breakpoint
CREATE INDEX "inventory_devices_serial_idx" ON "inventory_devices" USING btree ("serial");
--> statement-breakpoint
CREATE TABLE "inventory_networks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"level" smallint,
	"provider" text,
	"bandwidth_mbps" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"gone_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_networks_kind_ck" CHECK ("inventory_networks"."kind" IN ('lan', 'internet', 'wan', 'dedicated')),
	CONSTRAINT "inventory_networks_level_ck" CHECK ("inventory_networks"."level" IS NULL OR "inventory_networks"."level" IN (1, 2)),
	CONSTRAINT "inventory_networks_status_ck" CHECK ("inventory_networks"."status" IN ('active', 'gone'))
);
--> statement-breakpoint
ALTER TABLE "inventory_networks" ADD CONSTRAINT "inventory_networks_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inventory_networks" ADD CONSTRAINT "inventory_networks_source_id_inventory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."inventory_sources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_networks_source_uq" ON "inventory_networks" USING btree ("source_id","external_id");
--> statement-breakpoint
CREATE INDEX "inventory_networks_agency_idx" ON "inventory_networks" USING btree ("agency_id");
--> statement-breakpoint
CREATE TABLE "inventory_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text,
	"hosting" text,
	"public_url" text,
	"ipv6_status" text DEFAULT 'unknown' NOT NULL,
	"ipv6_checked_at" timestamp with time zone,
	"ipv6_check" jsonb,
	"data_held" text,
	"personal_data" boolean DEFAULT false NOT NULL,
	"security_level" smallint,
	"approval_document_id" uuid,
	"approval_number" text,
	"approval_date" date,
	"review_date" date,
	"shares_malware_data" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"gone_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_systems_level_ck" CHECK ("inventory_systems"."security_level" IS NULL OR "inventory_systems"."security_level" BETWEEN 1 AND 5),
	CONSTRAINT "inventory_systems_ipv6_ck" CHECK ("inventory_systems"."ipv6_status" IN ('unknown', 'ready', 'not_ready')),
	CONSTRAINT "inventory_systems_status_ck" CHECK ("inventory_systems"."status" IN ('active', 'gone'))
);
--> statement-breakpoint
ALTER TABLE "inventory_systems" ADD CONSTRAINT "inventory_systems_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inventory_systems" ADD CONSTRAINT "inventory_systems_source_id_inventory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."inventory_sources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_systems_source_uq" ON "inventory_systems" USING btree ("source_id","external_id");
--> statement-breakpoint
CREATE INDEX "inventory_systems_agency_idx" ON "inventory_systems" USING btree ("agency_id");
--> statement-breakpoint
CREATE TABLE "inventory_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"category" text NOT NULL,
	"name" text NOT NULL,
	"vendor" text,
	"version" text,
	"status" text DEFAULT 'active' NOT NULL,
	"gone_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_applications_category_ck" CHECK ("inventory_applications"."category" IN ('hr', 'finance', 'emulation', 'asset', 'platform', 'other')),
	CONSTRAINT "inventory_applications_status_ck" CHECK ("inventory_applications"."status" IN ('active', 'gone'))
);
--> statement-breakpoint
ALTER TABLE "inventory_applications" ADD CONSTRAINT "inventory_applications_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inventory_applications" ADD CONSTRAINT "inventory_applications_source_id_inventory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."inventory_sources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_applications_source_uq" ON "inventory_applications" USING btree ("source_id","external_id");
--> statement-breakpoint
CREATE INDEX "inventory_applications_agency_idx" ON "inventory_applications" USING btree ("agency_id");
--> statement-breakpoint
CREATE TABLE "inventory_databases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"sector" text,
	"catalogue_entry" text,
	"status" text DEFAULT 'active' NOT NULL,
	"gone_at" timestamp with time zone,
	"fingerprint" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_databases_status_ck" CHECK ("inventory_databases"."status" IN ('active', 'gone'))
);
--> statement-breakpoint
ALTER TABLE "inventory_databases" ADD CONSTRAINT "inventory_databases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "inventory_databases" ADD CONSTRAINT "inventory_databases_source_id_inventory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."inventory_sources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_databases_source_uq" ON "inventory_databases" USING btree ("source_id","external_id");
--> statement-breakpoint
CREATE INDEX "inventory_databases_agency_idx" ON "inventory_databases" USING btree ("agency_id");
--> statement-breakpoint
CREATE TABLE "inventory_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"report" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"file_sha256" text,
	"actor_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "inventory_imports_status_ck" CHECK ("inventory_imports"."status" IN ('succeeded', 'failed', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "inventory_imports" ADD CONSTRAINT "inventory_imports_source_id_inventory_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."inventory_sources"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "inventory_imports_source_idx" ON "inventory_imports" USING btree ("source_id","started_at");
--> statement-breakpoint
-- Published to the reporting module (CONTRACTS.md §3): one row per agency that has any inventory fact or staff.
CREATE VIEW "inventory_agency_facts" AS
-- One machine may be reported by two tools (GLPI and Wazuh): within an agency it is one device by its host name.
WITH phys AS (
	SELECT d.agency_id, lower(d.name) AS host,
		coalesce(min(d.kind) FILTER (WHERE s.kind <> 'wazuh'), min(d.kind)) AS kind,
		bool_or(d.internet) AS internet, bool_or(d.antimalware = 'active') AS antimalware,
		bool_or(d.shares_malware_data) AS shares_malware_data, max(d.updated_at) AS updated_at
	FROM inventory_devices d JOIN inventory_sources s ON s.id = d.source_id
	WHERE d.status = 'active' GROUP BY d.agency_id, lower(d.name)
), dev AS (
	SELECT p.agency_id,
		count(*) FILTER (WHERE p.kind IN ('desktop', 'laptop'))::int AS computers_total,
		count(*) FILTER (WHERE p.kind IN ('desktop', 'laptop') AND p.internet)::int AS computers_internet,
		count(*) FILTER (WHERE p.kind IN ('desktop', 'laptop', 'server'))::int AS endpoints_total,
		count(*) FILTER (WHERE p.kind IN ('desktop', 'laptop', 'server') AND p.antimalware)::int AS endpoints_antimalware,
		bool_or(p.shares_malware_data) AS shares_malware_data,
		max(p.updated_at) AS updated_at
	FROM phys p GROUP BY p.agency_id
), equipped AS (
	SELECT p.agency_id,
		count(DISTINCT p.id) FILTER (WHERE d.kind = 'desktop')::int AS staff_with_desktop,
		count(DISTINCT p.id) FILTER (WHERE d.kind IN ('laptop', 'tablet'))::int AS staff_with_laptop_or_tablet
	FROM inventory_devices d JOIN people p ON p.id = d.owner_person_id
	WHERE d.status = 'active' AND p.agency_id IS NOT NULL GROUP BY p.agency_id
), net AS (
	SELECT n.agency_id,
		bool_or(n.kind = 'lan') AS has_lan, bool_or(n.kind = 'internet') AS has_internet,
		bool_or(n.kind = 'wan') AS on_wan, bool_or(n.kind = 'dedicated' AND n.level = 2) AS on_dedicated_network,
		max(n.updated_at) AS updated_at
	FROM inventory_networks n WHERE n.status = 'active' GROUP BY n.agency_id
), sys AS (
	SELECT s.agency_id, count(*)::int AS systems_total,
		count(*) FILTER (WHERE s.ipv6_status = 'ready')::int AS systems_ipv6,
		count(*) FILTER (WHERE s.security_level IS NOT NULL AND (s.approval_document_id IS NOT NULL OR s.approval_number IS NOT NULL))::int AS systems_level_approved,
		bool_or(s.shares_malware_data) AS shares_malware_data,
		max(greatest(s.updated_at, s.ipv6_checked_at)) AS updated_at
	FROM inventory_systems s WHERE s.status = 'active' GROUP BY s.agency_id
), app AS (
	SELECT a.agency_id,
		bool_or(a.category = 'hr') AS has_hr_app, bool_or(a.category = 'finance') AS has_finance_app,
		bool_or(a.category = 'emulation') AS has_emulation_app, bool_or(a.category = 'asset') AS has_asset_app,
		max(a.updated_at) AS updated_at
	FROM inventory_applications a WHERE a.status = 'active' GROUP BY a.agency_id
), dbs AS (
	SELECT b.agency_id, count(*)::int AS sector_databases, max(b.updated_at) AS updated_at
	FROM inventory_databases b WHERE b.status = 'active' GROUP BY b.agency_id
), staff AS (
	SELECT p.agency_id, count(*)::int AS staff_count FROM people p WHERE p.agency_id IS NOT NULL GROUP BY p.agency_id
), ids AS (
	SELECT agency_id FROM dev UNION SELECT agency_id FROM net UNION SELECT agency_id FROM sys UNION SELECT agency_id FROM app
	UNION SELECT agency_id FROM dbs UNION SELECT agency_id FROM staff UNION SELECT agency_id FROM equipped
)
SELECT ids.agency_id, ag.level AS agency_level,
	coalesce(staff.staff_count, 0) AS staff_count,
	coalesce(equipped.staff_with_desktop, 0) AS staff_with_desktop,
	coalesce(equipped.staff_with_laptop_or_tablet, 0) AS staff_with_laptop_or_tablet,
	coalesce(dev.computers_total, 0) AS computers_total, coalesce(dev.computers_internet, 0) AS computers_internet,
	coalesce(net.has_lan, false) AS has_lan, coalesce(net.has_internet, false) AS has_internet,
	coalesce(net.on_wan, false) AS on_wan, coalesce(net.on_dedicated_network, false) AS on_dedicated_network,
	coalesce(sys.systems_total, 0) AS systems_total, coalesce(sys.systems_ipv6, 0) AS systems_ipv6,
	coalesce(sys.systems_level_approved, 0) AS systems_level_approved,
	coalesce(dbs.sector_databases, 0) AS sector_databases,
	coalesce(app.has_hr_app, false) AS has_hr_app, coalesce(app.has_finance_app, false) AS has_finance_app,
	coalesce(app.has_emulation_app, false) AS has_emulation_app, coalesce(app.has_asset_app, false) AS has_asset_app,
	coalesce(dev.endpoints_total, 0) AS endpoints_total, coalesce(dev.endpoints_antimalware, 0) AS endpoints_antimalware,
	(coalesce(dev.shares_malware_data, false) OR coalesce(sys.shares_malware_data, false)) AS shares_malware_data,
	greatest(dev.updated_at, net.updated_at, sys.updated_at, app.updated_at, dbs.updated_at) AS updated_at
FROM ids
JOIN agencies ag ON ag.id = ids.agency_id
LEFT JOIN dev ON dev.agency_id = ids.agency_id
LEFT JOIN equipped ON equipped.agency_id = ids.agency_id
LEFT JOIN net ON net.agency_id = ids.agency_id
LEFT JOIN sys ON sys.agency_id = ids.agency_id
LEFT JOIN app ON app.agency_id = ids.agency_id
LEFT JOIN dbs ON dbs.agency_id = ids.agency_id
LEFT JOIN staff ON staff.agency_id = ids.agency_id;
