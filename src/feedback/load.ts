import { eq, sql } from 'drizzle-orm';
import { problems, queryRows, type Executor } from '../platform/index.js';
import { feedbackReports, type Report } from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const reportWord = { vi: 'phản ánh', en: 'Report' };

/** A report by its id or its public number (PA-2026-12); `lock` takes the row for the transaction. */
export async function findReport(ex: Executor, ref: string, opts: { lock?: boolean } = {}): Promise<Report | null> {
  const where = UUID.test(ref) ? eq(feedbackReports.id, ref) : eq(feedbackReports.publicId, ref);
  const q = ex.select().from(feedbackReports).where(where).limit(1);
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function requireReport(ex: Executor, ref: string, opts: { lock?: boolean } = {}): Promise<Report> {
  const r = await findReport(ex, ref, opts);
  if (!r) throw problems.notFound(reportWord, { code: 'report-not-found' });
  return r;
}

/** Names the views need, in one query. */
export interface ReportNames {
  categoryCode: string;
  categoryVi: string;
  categoryEn: string;
  agencyName: string;
  agencyCode: string;
  unitCode: string | null;
  unitName: string | null;
  mergedIntoPublicId: string | null;
}

export async function reportNames(ex: Executor, r: Report): Promise<ReportNames> {
  const [row] = await queryRows<{
    category_code: string;
    category_vi: string;
    category_en: string;
    agency_name: string;
    agency_code: string;
    unit_code: string | null;
    unit_name: string | null;
    merged: string | null;
  }>(
    ex,
    sql`SELECT c.code AS category_code, c.name_vi AS category_vi, c.name_en AS category_en, a.name AS agency_name, a.code AS agency_code,
               u.code AS unit_code, u.name AS unit_name, m.public_id AS merged
        FROM feedback_categories c, agencies a
        LEFT JOIN admin_units u ON u.id = ${r.unitId}
        LEFT JOIN feedback_reports m ON m.id = ${r.mergedIntoId}
        WHERE c.id = ${r.categoryId} AND a.id = ${r.agencyId}`,
  );
  if (!row) throw new Error(`report ${r.id}: category or agency missing`);
  return {
    categoryCode: row.category_code,
    categoryVi: row.category_vi,
    categoryEn: row.category_en,
    agencyName: row.agency_name,
    agencyCode: row.agency_code,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    mergedIntoPublicId: row.merged,
  };
}

/** Public addresses of a report's public photo copies, oldest first. */
export async function reportPhotos(
  ex: Executor,
  reportId: string,
): Promise<{ actionId: number; url: string; original: string }[]> {
  const rows = await queryRows<{ action_id: number; public_sha256: string; original_sha256: string }>(
    ex,
    sql`SELECT action_id, public_sha256, original_sha256 FROM feedback_photos WHERE report_id = ${reportId} ORDER BY created_at, action_id`,
  );
  return rows.map((r) => ({
    actionId: Number(r.action_id),
    url: photoUrl(r.public_sha256),
    original: r.original_sha256,
  }));
}

export const photoUrl = (publicSha256: string) => `/api/feedback/photos/${publicSha256}`;
