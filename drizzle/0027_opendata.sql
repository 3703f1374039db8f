-- Open data (dữ liệu mở): licences, themes, datasets with their resources, resource versions, DataStore tables.
CREATE TABLE "opendata_licences" (
	"id" text PRIMARY KEY NOT NULL,
	"title_vi" text NOT NULL,
	"title_en" text NOT NULL,
	"url" text NOT NULL,
	"text_vi" text,
	"od_conformance" text DEFAULT 'approved' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opendata_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"title_vi" text NOT NULL,
	"title_en" text NOT NULL,
	"description_vi" text,
	"description_en" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "opendata_groups_name_uq" ON "opendata_groups" USING btree ("name");--> statement-breakpoint
CREATE TABLE "opendata_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opendata_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"title_vi" text NOT NULL,
	"title_en" text NOT NULL,
	"notes_vi" text DEFAULT '' NOT NULL,
	"notes_en" text DEFAULT '' NOT NULL,
	"agency_id" uuid NOT NULL,
	"licence_id" text NOT NULL,
	"temporal_start" date,
	"temporal_end" date,
	"spatial_units" text[] DEFAULT '{}' NOT NULL,
	"frequency" text NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"groups" text[] DEFAULT '{}' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"system_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"search" text DEFAULT '' NOT NULL,
	CONSTRAINT "opendata_datasets_name_ck" CHECK ("opendata_datasets"."name" ~ '^[a-z0-9_-]{2,100}$'),
	CONSTRAINT "opendata_datasets_state_ck" CHECK ("opendata_datasets"."state" IN ('draft', 'in_review', 'published', 'withdrawn')),
	CONSTRAINT "opendata_datasets_frequency_ck" CHECK ("opendata_datasets"."frequency" IN ('continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'irregular', 'never'))
);
--> statement-breakpoint
ALTER TABLE "opendata_datasets" ADD CONSTRAINT "opendata_datasets_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_datasets" ADD CONSTRAINT "opendata_datasets_licence_id_opendata_licences_id_fk" FOREIGN KEY ("licence_id") REFERENCES "public"."opendata_licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_datasets" ADD CONSTRAINT "opendata_datasets_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "opendata_datasets_name_uq" ON "opendata_datasets" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "opendata_datasets_system_key_uq" ON "opendata_datasets" USING btree ("system_key");--> statement-breakpoint
CREATE INDEX "opendata_datasets_agency_idx" ON "opendata_datasets" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "opendata_datasets_modified_idx" ON "opendata_datasets" USING btree ("modified_at");--> statement-breakpoint
CREATE INDEX "opendata_datasets_tags_idx" ON "opendata_datasets" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "opendata_datasets_groups_idx" ON "opendata_datasets" USING gin ("groups");--> statement-breakpoint
CREATE TABLE "opendata_dataset_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opendata_dataset_actions" ADD CONSTRAINT "opendata_dataset_actions_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_dataset_actions" ADD CONSTRAINT "opendata_dataset_actions_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opendata_dataset_actions_dataset_idx" ON "opendata_dataset_actions" USING btree ("dataset_id","id");--> statement-breakpoint
CREATE TABLE "opendata_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"format" text NOT NULL,
	"url" text,
	"position" integer DEFAULT 0 NOT NULL,
	"datastore_active" boolean DEFAULT false NOT NULL,
	"downloads" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opendata_resources" ADD CONSTRAINT "opendata_resources_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opendata_resources_dataset_idx" ON "opendata_resources" USING btree ("dataset_id","position");--> statement-breakpoint
CREATE INDEX "opendata_resources_format_idx" ON "opendata_resources" USING btree ("format");--> statement-breakpoint
CREATE TABLE "opendata_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" bytea NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opendata_resource_versions" (
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mimetype" text NOT NULL,
	"file_sha256" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opendata_resource_versions_resource_id_version_pk" PRIMARY KEY("resource_id","version")
);
--> statement-breakpoint
ALTER TABLE "opendata_resource_versions" ADD CONSTRAINT "opendata_resource_versions_resource_id_opendata_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."opendata_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_resource_versions" ADD CONSTRAINT "opendata_resource_versions_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_resource_versions" ADD CONSTRAINT "opendata_resource_versions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "opendata_datastore_fields" (
	"resource_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"label_vi" text,
	"label_en" text,
	CONSTRAINT "opendata_datastore_fields_resource_id_position_pk" PRIMARY KEY("resource_id","position"),
	CONSTRAINT "opendata_datastore_fields_type_ck" CHECK ("opendata_datastore_fields"."type" IN ('text', 'int', 'numeric', 'bool', 'date', 'timestamp'))
);
--> statement-breakpoint
ALTER TABLE "opendata_datastore_fields" ADD CONSTRAINT "opendata_datastore_fields_resource_id_opendata_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."opendata_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "opendata_datastore_fields_name_uq" ON "opendata_datastore_fields" USING btree ("resource_id","name");--> statement-breakpoint
CREATE TABLE "opendata_datastore_rows" (
	"resource_id" uuid NOT NULL,
	"row_id" integer NOT NULL,
	"data" jsonb NOT NULL,
	"search" text DEFAULT '' NOT NULL,
	CONSTRAINT "opendata_datastore_rows_resource_id_row_id_pk" PRIMARY KEY("resource_id","row_id")
);
--> statement-breakpoint
ALTER TABLE "opendata_datastore_rows" ADD CONSTRAINT "opendata_datastore_rows_resource_id_opendata_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."opendata_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opendata_datastore_rows_data_idx" ON "opendata_datastore_rows" USING gin ("data" jsonb_path_ops);--> statement-breakpoint
-- Open licences as data; an administrator adds more. The Vietnamese entry cites the Law on Data (Luật Dữ liệu 2024)
-- and Decree 47/2020 on sharing and opening state data: the state's open data is free to reuse with attribution.
INSERT INTO "opendata_licences" ("id", "title_vi", "title_en", "url", "text_vi", "position") VALUES
	('CC-BY-4.0', 'Creative Commons Ghi công 4.0', 'Creative Commons Attribution 4.0', 'https://creativecommons.org/licenses/by/4.0/', NULL, 1),
	('CC0-1.0', 'Creative Commons CC0 1.0 (phạm vi công cộng)', 'Creative Commons CC0 1.0 (public domain dedication)', 'https://creativecommons.org/publicdomain/zero/1.0/', NULL, 2),
	('ODC-BY-1.0', 'Giấy phép Ghi công Cơ sở dữ liệu mở 1.0', 'Open Data Commons Attribution License 1.0', 'https://opendatacommons.org/licenses/by/1-0/', NULL, 3),
	('VN-OGL-1.0', 'Giấy phép dữ liệu mở của cơ quan nhà nước', 'Vietnamese government open data licence', 'https://tinhso.gov.vn/licences/vn-ogl-1.0',
	 'Dữ liệu mở của cơ quan nhà nước được tự do sử dụng, sao chép, chia sẻ và khai thác, kể cả vì mục đích thương mại, miễn phí, với điều kiện ghi rõ nguồn (tên cơ quan công bố và đường dẫn đến dữ liệu) và không làm sai lệch nội dung, theo Nghị định 47/2020/NĐ-CP về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước và Luật Dữ liệu 2024.', 0);
--> statement-breakpoint
INSERT INTO "opendata_groups" ("name", "title_vi", "title_en", "description_vi", "description_en") VALUES
	('hanh-chinh-cong', 'Hành chính công', 'Public administration', 'Thủ tục hành chính, hồ sơ, kết quả giải quyết.', 'Administrative procedures, dossiers, their outcomes.'),
	('do-thi-moi-truong', 'Đô thị và môi trường', 'Urban life and environment', 'Phản ánh hiện trường, hạ tầng, môi trường.', 'Field reports, infrastructure, environment.'),
	('dia-gioi-hanh-chinh', 'Địa giới hành chính', 'Administrative boundaries', 'Đơn vị hành chính, ranh giới, cơ quan.', 'Administrative units, boundaries, agencies.');
--> statement-breakpoint
INSERT INTO "opendata_settings" ("key", "value") VALUES ('minCount', '5');
