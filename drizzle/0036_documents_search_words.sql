-- Document search over any register size (issue #11): whole words through a full-text index, typos through the
-- vocabulary of the words documents hold (a small table with a trigram index) instead of trigrams over every text.
CREATE TABLE "document_search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "document_search_words_trgm" ON "document_search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_search_fts" ON "documents" USING gin (to_tsvector('simple'::regconfig, "search"));--> statement-breakpoint
-- Words in a stable order, so that two transactions adding the same new words take their locks in the same order.
CREATE OR REPLACE FUNCTION documents_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO document_search_words (word)
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, NEW.search))) AS w
    WHERE w ~ '^[[:alpha:]][[:alnum:]]{1,29}$' ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_search_words AFTER INSERT OR UPDATE OF summary, content, sender_name, number_symbol, original_number_symbol ON documents FOR EACH ROW EXECUTE FUNCTION documents_search_words();
--> statement-breakpoint
INSERT INTO document_search_words (word)
  SELECT DISTINCT w FROM documents, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search))) AS w
  WHERE w ~ '^[[:alpha:]][[:alnum:]]{1,29}$'
ON CONFLICT DO NOTHING;
