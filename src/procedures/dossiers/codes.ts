/**
 * Dossier codes (mã hồ sơ), Thông tư 01/2018/TT-VPCP art. 19: `{agency code}-{yymmdd}-{sequence}`,
 * the sequence counted per receiving agency and local day, four digits (more after 9999).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/index.js';

/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;

/** yymmdd of an instant in Vietnam time (UTC+7), whatever the process time zone. */
export function localDay(at: Date): string {
  const d = new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
}

export function formatCode(agencyCode: string, day: string, seq: number): string {
  return `${agencyCode}-${day}-${String(seq).padStart(4, '0')}`;
}

/**
 * Takes the next number inside the dossier's own transaction. The counter row stays locked until
 * that transaction ends, so concurrent receipts queue on it (no duplicate), and a rollback undoes
 * the increment with the dossier (no gap).
 */
export async function allocateCode(
  tx: Tx,
  agencyCode: string,
  at: Date,
): Promise<{ code: string; day: string; seq: number }> {
  const [code] = await allocateCodes(tx, agencyCode, at, 1);
  return code!;
}

/** Takes `n` consecutive numbers at once (a batch of receipts at one agency on one day), in order. */
export async function allocateCodes(
  tx: Tx,
  agencyCode: string,
  at: Date,
  n: number,
): Promise<{ code: string; day: string; seq: number }[]> {
  const day = localDay(at);
  const [row] = await queryRows<{ last: number }>(
    tx,
    sql`INSERT INTO dossier_counters (agency_code, day, last) VALUES (${agencyCode}, ${day}, ${n})
        ON CONFLICT (agency_code, day) DO UPDATE SET last = dossier_counters.last + ${n}
        RETURNING last`,
  );
  const last = Number(row!.last);
  return Array.from({ length: n }, (_, i) => {
    const seq = last - n + 1 + i;
    return { code: formatCode(agencyCode, day, seq), day, seq };
  });
}
