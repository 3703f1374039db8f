CREATE TABLE "upload_usage" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"files" integer DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "upload_usage_account_id_day_pk" PRIMARY KEY("account_id","day")
);
--> statement-breakpoint
ALTER TABLE "upload_usage" ADD CONSTRAINT "upload_usage_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "kept_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "files_unkept_idx" ON "files" USING btree ("created_at") WHERE "files"."kept_at" IS NULL;
