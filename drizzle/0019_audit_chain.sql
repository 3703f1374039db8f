-- The audit chain without a lock to commit: rows are written freely, and the chainer links committed rows in order
-- into audit_chain shortly after. The rows written so far keep their links (same positions, same hashes).
CREATE TABLE "audit_chain" (
	"pos" bigint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_seq_uq" ON "audit_chain" USING btree ("seq");
--> statement-breakpoint
CREATE TABLE "audit_pending" (
	"seq" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
INSERT INTO "audit_chain" ("pos", "seq", "prev_hash", "hash")
  SELECT row_number() OVER (ORDER BY "seq"), "seq", "prev_hash", "hash" FROM "audit_log";
--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "prev_hash";
--> statement-breakpoint
ALTER TABLE "audit_log" DROP COLUMN "hash";
--> statement-breakpoint
-- Links are never changed or removed either (the function is the log's own, from 0002).
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
