/**
 * Between a report's values (numbers, text, table rows) and the form's strings. What the officer typed goes to the
 * server as is when it is not a number, so that the server's check names the field rather than the form guessing.
 */
import type { ReportField } from './periodic.js';
import type { Row } from './ReportTableInput.js';

export type Draft = Record<string, string | Row[]>;

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function draftOf(fields: ReportField[], values: Record<string, unknown>): Draft {
  const out: Draft = {};
  for (const f of fields)
    out[f.key] =
      f.type === 'table'
        ? (Array.isArray(values[f.key]) ? (values[f.key] as Record<string, unknown>[]) : []).map((r) =>
            Object.fromEntries((f.columns ?? []).map((c) => [c.key, str(r[c.key])])),
          )
        : str(values[f.key]);
  return out;
}

/** "12,5" is a Vietnamese 12.5; anything else that is not a number is sent as typed. */
const numberOf = (s: string): number | string | null => {
  const t = s.trim();
  if (!t) return null;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : t;
};

/** The values to send: every field the officer may change (a cleared one as null), never the computed ones. */
export function valuesOf(fields: ReportField[], draft: Draft, computed: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (computed.includes(f.key)) continue;
    const v = draft[f.key];
    if (f.type === 'table')
      out[f.key] = ((v as Row[] | undefined) ?? []).map((r) =>
        Object.fromEntries(
          (f.columns ?? [])
            .map((c) => [c.key, c.type === 'number' ? numberOf(r[c.key] ?? '') : (r[c.key] ?? '').trim() || null])
            .filter(([, x]) => x !== null),
        ),
      );
    else if (f.type === 'text') out[f.key] = (v as string) || null;
    else out[f.key] = numberOf((v as string) ?? '');
  }
  return out;
}
