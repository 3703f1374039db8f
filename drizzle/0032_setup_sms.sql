CREATE TABLE "installation" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"province_code" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"set_up_at" timestamp with time zone DEFAULT now() NOT NULL,
	"set_up_by" uuid,
	CONSTRAINT "installation_one_row_ck" CHECK ("installation"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "installation" ADD CONSTRAINT "installation_set_up_by_accounts_id_fk" FOREIGN KEY ("set_up_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "setup_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "installation" ("province_code", "demo") SELECT '46', true WHERE EXISTS (SELECT 1 FROM "seed_runs" WHERE "name" = 'demo');
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "status" text DEFAULT 'kept' NOT NULL;
--> statement-breakpoint
ALTER TABLE "sms_outbox" ALTER COLUMN "status" SET DEFAULT 'pending';
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "provider" text;
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "provider_message_id" text;
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "delivery_status" text;
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "delivered_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD COLUMN "last_error" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "sms_outbox_provider_message_uq" ON "sms_outbox" USING btree ("provider","provider_message_id");
--> statement-breakpoint
CREATE INDEX "sms_outbox_status_idx" ON "sms_outbox" USING btree ("status");
