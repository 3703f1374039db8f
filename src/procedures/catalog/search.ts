/**
 * Ranking of the catalog search as a person would rank: the typed phrase in a procedure's name beats
 * the catalog's wording of a phrase people use (search_synonyms), which beats all the words somewhere
 * in the name, then the phrase in the rest of the record (agency, result, field), then an answered
 * question, and last a loose trigram likeness that only catches typos. Works on PGlite and PostgreSQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/index.js';
import { procedureFields, procedures, searchSynonyms } from './schema.js';

/** As f_unaccent + lower: "Đăng ký  Khai sinh" → "dang ky khai sinh" (Vietnamese marks all decompose under NFD). */
export const foldQuery = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** Whole words only: punctuation becomes a space, so "giấy tờ, văn bản" has the words "giay to van ban". */
export const words = (s: string): string => s.replace(/[^a-z0-9]+/g, ' ').trim();

/** The typed phrase first, then each catalog wording a synonym row gives for a part of it. */
export async function searchPhrases(ex: Executor, text: string): Promise<string[]> {
  const q = words(foldQuery(text));
  const out = [q];
  // A few dozen rows at most: read whole, matched here (the folding is the same on both sides).
  for (const r of await ex
    .select({ term: searchSynonyms.term, expansions: searchSynonyms.expansions })
    .from(searchSynonyms)) {
    const term = words(foldQuery(r.term));
    if (term && ` ${q} `.includes(` ${term} `))
      for (const e of r.expansions) out.push(words(` ${q} `.replace(` ${term} `, ` ${words(foldQuery(e))} `)));
  }
  return [...new Set(out.filter(Boolean))];
}

/** Below this word similarity a typo no longer counts as a match (pg_trgm's own default is 0.6). */
export const WORD_SIMILARITY = 0.45;

export interface SearchSql {
  /** The match tier, 0 (a trigram likeness only) to 7 (the phrase itself in the name). */
  tier: SQL<number>;
  where: SQL;
  similarity: SQL<number>;
}

/** The tier, the filter and the tie-breaker for one query; `fieldName` is the joined field's name column. */
export function searchSql(text: string, phrases: string[]): SearchSql {
  const q = phrases[0] ?? '';
  const qWords = q.split(' ').filter(Boolean);
  const synonyms = phrases.slice(1);
  const title = sql`(' ' || regexp_replace(${procedures.search}, '[^a-z0-9]+', ' ', 'g') || ' ')`;
  const body = sql`(' ' || regexp_replace(lower(f_unaccent(concat_ws(' ', ${procedures.agencyText}, ${procedures.competentAgencyText}, ${procedures.resultType}, ${procedureFields.name}))), '[^a-z0-9]+', ' ', 'g') || ' ')`;
  const has = (hay: SQL, phrase: string) => sql`position(${` ${phrase} `} IN ${hay}) > 0`;
  const anyOf = (hay: SQL, list: string[]) =>
    list.length
      ? sql`EXISTS (SELECT 1 FROM unnest(${toArray(list)}) AS x(p) WHERE position(' ' || x.p || ' ' IN ${hay}) > 0)`
      : sql`false`;
  const allWords = (hay: SQL) =>
    qWords.length
      ? sql`NOT EXISTS (SELECT 1 FROM unnest(${toArray(qWords)}) AS w(x) WHERE position(' ' || w.x || ' ' IN ${hay}) = 0)`
      : sql`false`;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const substring = sql`${procedures.search} LIKE lower(f_unaccent(${pattern}))`;
  // Published answers (hỏi đáp, ../questions) are searched too: a citizen's words are often the asker's, not the catalog's.
  const answered = sql`EXISTS (SELECT 1 FROM questions qa WHERE qa.procedure_id = ${procedures.id} AND qa.published AND qa.search LIKE lower(f_unaccent(${pattern})))`;
  const tier = sql<number>`(CASE
    WHEN ${q ? has(title, q) : sql`false`} THEN 7
    WHEN ${anyOf(title, synonyms)} THEN 6
    WHEN ${allWords(title)} THEN 5
    WHEN ${substring} THEN 4
    WHEN ${anyOf(body, phrases)} THEN 3
    WHEN ${allWords(sql`(${title} || ${body})`)} THEN 2
    WHEN ${answered} THEN 1
    ELSE 0 END)`;
  const needle = sql`lower(f_unaccent(${text}))`;
  const similarity = sql<number>`word_similarity(${needle}, ${procedures.search})`;
  // A code ("2.000815") is matched literally: trigram similarity would find every code that shares digits.
  const loose = /\p{L}/u.test(text) ? sql` OR ${similarity} >= ${WORD_SIMILARITY}` : sql``;
  return { tier, similarity, where: sql`(${tier} > 0${loose})` };
}

/** A text[] parameter that PGlite and PostgreSQL both read. */
const toArray = (list: string[]) =>
  sql`ARRAY[${sql.join(
    list.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;
