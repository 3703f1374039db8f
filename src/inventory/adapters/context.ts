/** What an adapter needs from the directory: agencies by code or key, and staff by login name or e-mail. */
import { eq } from 'drizzle-orm';
import { accounts, type Executor } from '../../platform/index.js';
import { agencies, people } from '../../directory/index.js';
import type { Source } from '../schema.js';

export interface AdapterContext {
  source: Source;
  /** An agency id from its code (mã định danh) or key, or null. */
  agency(codeOrKey: string): string | null;
  /** A person (cán bộ) id from a login name or e-mail, or null. */
  person(loginOrEmail: string): string | null;
  fetch: typeof fetch;
}

export async function adapterContext(
  db: Executor,
  source: Source,
  fetchImpl: typeof fetch = fetch,
): Promise<AdapterContext> {
  const ags = await db.select({ id: agencies.id, code: agencies.code, key: agencies.key }).from(agencies);
  const byCode = new Map<string, string>();
  for (const a of ags) {
    byCode.set(a.code.toLowerCase(), a.id);
    if (a.key) byCode.set(a.key.toLowerCase(), a.id);
  }
  const staff = await db
    .select({ id: people.id, username: accounts.username, email: accounts.email, pemail: people.email })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId));
  const byLogin = new Map<string, string>();
  for (const p of staff) for (const k of [p.username, p.email, p.pemail]) if (k) byLogin.set(k.toLowerCase(), p.id);
  return {
    source,
    agency: (c) => byCode.get(c.trim().toLowerCase()) ?? null,
    person: (l) => byLogin.get(l.trim().toLowerCase()) ?? null,
    fetch: fetchImpl,
  };
}

/** A source's setting as a map of names (a GLPI entity, a Wazuh group) to agency codes. */
export function mapping(source: Source, key: string): Record<string, string> {
  const m = source.settings[key];
  return m && typeof m === 'object' && !Array.isArray(m) ? (m as Record<string, string>) : {};
}

export const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;

/** Applications recognised by name (rules as data: a source's `appCategories` setting adds to these). */
export const DEFAULT_APP_CATEGORIES: { category: 'hr' | 'finance' | 'emulation' | 'asset'; pattern: string }[] = [
  { category: 'hr', pattern: 'nhân sự|quản lý cán bộ|hrm|human resource|payroll' },
  { category: 'finance', pattern: 'kế toán|tài chính|misa|accounting|finance' },
  { category: 'emulation', pattern: 'thi đua|khen thưởng|emulation' },
  { category: 'asset', pattern: 'tài sản|asset' },
];

export function appCategory(source: Source, name: string): 'hr' | 'finance' | 'emulation' | 'asset' | null {
  const extra = Array.isArray(source.settings.appCategories)
    ? (source.settings.appCategories as typeof DEFAULT_APP_CATEGORIES)
    : [];
  const n = name.toLowerCase();
  for (const r of [...extra, ...DEFAULT_APP_CATEGORIES]) if (new RegExp(r.pattern, 'iu').test(n)) return r.category;
  return null;
}

/**
 * A request, tried a second time when the connection itself failed (a kept-alive socket the tool had just closed);
 * an answer, even an error, is never retried.
 */
export async function fetchOnceMore(ctx: AdapterContext, url: string, init: RequestInit): Promise<Response> {
  try {
    return await ctx.fetch(url, init);
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw e;
    return ctx.fetch(url, init);
  }
}
