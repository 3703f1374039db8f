/**
 * How a search text becomes a condition on documents (tìm kiếm văn bản), at the scale of a province's registers
 * (hundreds of thousands of documents, each with its PDF's text):
 * - a number and symbol ("12/QĐ-UBND") or a text without a word is matched literally (LIKE, answered by the trigram
 *   index: such texts are selective);
 * - words are matched whole, every one of them, the last also as a prefix (as people type), through the full-text
 *   index over the unaccented text: diacritics and case do not matter, and the time does not grow with the texts;
 * - when no document holds all the words as typed, each word absent from every document is replaced by its nearest
 *   words in the vocabulary documents hold (`document_search_words`, trigram similarity) and the search is run again:
 *   "quy chê lamm viec" finds "Quy chế làm việc". Trigram similarity over every document's text, the way this worked
 *   before, took seconds per query over 500,000 documents.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/index.js';
import { documents } from './schema.js';

/** How many nearest vocabulary words may stand for one mistyped word. */
const NEAREST = 3;

export type SearchPlan =
  | { kind: 'literal'; where: SQL }
  | { kind: 'words'; words: string[]; where: SQL; corrected?: () => Promise<SQL | null> };

/** Words as the index holds them: what PostgreSQL's unaccent makes of the text, lower case, split on non-letters. */
async function unaccentedWords(ex: Executor, text: string): Promise<string[]> {
  const [row] = await queryRows<{ t: string }>(ex, sql`SELECT lower(f_unaccent(${text})) AS t`);
  return (row?.t ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Every word whole, the last one also as the start of a longer word. Words hold only letters and digits. */
function allWords(words: string[][]): string {
  return words
    .map((alternatives, i) => {
      const terms = alternatives.map((w) => (i === words.length - 1 && alternatives.length === 1 ? `${w}:*` : w));
      return terms.length === 1 ? terms[0]! : `(${terms.join(' | ')})`;
    })
    .join(' & ');
}

const matches = (query: string) =>
  sql`to_tsvector('simple'::regconfig, ${documents.search}) @@ to_tsquery('simple'::regconfig, ${query})`;

/**
 * For each word: itself where some document holds it (as a prefix, for the last word), else its nearest words. A word
 * with no near word at all answers nothing: dropping it would list the other words' matches as if they were its.
 */
async function correct(ex: Executor, words: string[]): Promise<string[][] | null> {
  const rows = await queryRows<{ i: number; known: boolean; near: string[] }>(
    ex,
    sql`SELECT q.i::int AS i,
          EXISTS (SELECT 1 FROM document_search_words s
                  WHERE s.word = q.w OR (q.i = ${words.length} AND s.word LIKE q.w || '%')) AS known,
          ARRAY(SELECT s.word FROM document_search_words s WHERE s.word % q.w
                ORDER BY s.word <-> q.w LIMIT ${NEAREST}) AS near
        FROM unnest(ARRAY[${sql.join(
          words.map((w) => sql`${w}`),
          sql`, `,
        )}]::text[]) WITH ORDINALITY AS q(w, i) ORDER BY q.i`,
  );
  let changed = false;
  const out: string[][] = [];
  for (const r of rows) {
    const w = words[r.i - 1]!;
    if (r.known) out.push([w]);
    else {
      changed = true;
      const near = r.near.filter((x) => /^[\p{L}\p{N}]+$/u.test(x));
      if (!near.length) return null;
      out.push(near);
    }
  }
  return changed ? out : null;
}

/** The plan for a search text; null when it holds nothing to search for. */
export async function searchPlan(ex: Executor, text: string): Promise<SearchPlan | null> {
  const literal = !/\p{L}{3}/u.test(text) || /\d+\//.test(text);
  if (literal) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return { kind: 'literal', where: sql`${documents.search} LIKE lower(f_unaccent(${pattern}))` };
  }
  const words = await unaccentedWords(ex, text);
  if (!words.length) return null;
  return {
    kind: 'words',
    words,
    where: matches(allWords(words.map((w) => [w]))),
    corrected: async () => {
      const near = await correct(ex, words);
      return near ? matches(allWords(near)) : null;
    },
  };
}
