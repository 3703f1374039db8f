CREATE TABLE "dossier_stats_rollup" (
	"day" date NOT NULL,
	"agency_id" uuid NOT NULL,
	"receiving_agency_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"state" text NOT NULL,
	"outcome" text NOT NULL,
	"due_day" date NOT NULL,
	"received" integer NOT NULL,
	"ratings" integer NOT NULL,
	"rating_sum" integer NOT NULL,
	CONSTRAINT "dossier_stats_rollup_pk" PRIMARY KEY("day","agency_id","receiving_agency_id","procedure_id","channel","state","outcome","due_day")
);
--> statement-breakpoint
CREATE INDEX "dossier_stats_rollup_empty_idx" ON "dossier_stats_rollup" USING btree ("day") WHERE "dossier_stats_rollup"."received" <= 0;