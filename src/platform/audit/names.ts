/**
 * What the audited objects are called. An audit row names its object by type and id only (the log is append-only
 * and records what was true then, not a copy of every name); the audit page asks for names when it is read. The
 * platform does not know the modules' tables, so each module tells it, once at start, how to name its objects —
 * one query per target type, as with the file store's references (../files/references.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.js';

/** A name as the modules keep it: one string, or the two languages of an administrative unit's name. */
export type TargetName = string | { vi: string; en: string };

/**
 * Given `ids` (a subquery of target ids, usable as `id IN ${ids}`: uuids, or text for a type registered with
 * `text`), the SQL selecting the names of those this module knows, as columns `id` and `name` (text, or jsonb
 * `{vi, en}`).
 */
export type NameQuery = (ids: SQL) => SQL;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ids as a subquery, sent as one JSON parameter. Uuids are cast so that the lookup uses the table's primary
 * key; an id that is not one (a row written by hand) is left out rather than failing the whole page.
 */
function idSet(ids: readonly string[], kind: 'uuid' | 'text'): SQL | null {
  const kept = kind === 'uuid' ? ids.filter((id) => UUID.test(id)) : ids;
  if (!kept.length) return null;
  const list = sql`jsonb_array_elements_text(${JSON.stringify(kept)}::jsonb)`;
  return kind === 'uuid' ? sql`(SELECT ${list}::uuid)` : sql`(SELECT ${list})`;
}

export class AuditNames {
  private readonly queries = new Map<string, { query: NameQuery; kind: 'uuid' | 'text' }>();

  /** How objects of this target type are named; a later registration for the same type replaces the earlier. */
  name(targetType: string, query: NameQuery, kind: 'uuid' | 'text' = 'uuid'): this {
    this.queries.set(targetType, { query, kind });
    return this;
  }

  get types(): string[] {
    return [...this.queries.keys()];
  }

  /**
   * The names of these targets, by `type` then id: one query per type present. A target whose row is gone, or of
   * a type no module names, is simply absent (the page shows its id).
   */
  async resolve(
    ex: Executor,
    targets: readonly { targetType: string; targetId: string | null }[],
  ): Promise<Map<string, Map<string, TargetName>>> {
    const byType = new Map<string, Set<string>>();
    for (const t of targets) {
      if (!t.targetId || !this.queries.has(t.targetType)) continue;
      let ids = byType.get(t.targetType);
      if (!ids) byType.set(t.targetType, (ids = new Set()));
      ids.add(t.targetId);
    }
    const out = new Map<string, Map<string, TargetName>>();
    for (const [type, ids] of byType) {
      const { query, kind } = this.queries.get(type)!;
      const set = idSet([...ids], kind);
      if (!set) continue;
      const rows = await queryRows<{ id: string; name: TargetName | null }>(ex, query(set));
      const names = new Map<string, TargetName>();
      for (const r of rows) if (r.name) names.set(String(r.id), r.name);
      out.set(type, names);
    }
    return out;
  }
}
