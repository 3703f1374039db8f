import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/index.js';
import { photoUrl } from './load.js';

export interface ListFilter {
  status?: string[];
  category?: string[];
  /** minLng, minLat, maxLng, maxLat */
  bbox?: [number, number, number, number];
  unitCode?: string;
  agencyIds?: string[];
  handlerAccountId?: string;
  /** Reports this account filed or follows. */
  reporterAccountId?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  createdFrom?: Date;
  createdTo?: Date;
  ids?: string[];
  publicIds?: string[];
  limit: number;
  offset: number;
  order?: 'created' | 'due';
}

interface Row {
  id: string;
  public_id: string;
  category: string;
  name_vi: string;
  name_en: string;
  status: string;
  lat: number;
  lng: number;
  description: string;
  agency: string;
  agency_id: string;
  unit_code: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  due_at: Date | string;
  resolved_at: Date | string | null;
  photo: string | null;
}

const inList = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const iso = (d: Date | string) => new Date(d).toISOString();

/** Reports for the public map and list, and for staff queues: no reporter column is ever selected. */
export async function listReports(ex: Executor, f: ListFilter) {
  const where: SQL[] = [sql`TRUE`];
  if (f.status?.length) where.push(sql`r.status IN (${inList(f.status)})`);
  if (f.category?.length) where.push(sql`c.code IN (${inList(f.category)})`);
  if (f.bbox)
    where.push(sql`r.lng BETWEEN ${f.bbox[0]} AND ${f.bbox[2]} AND r.lat BETWEEN ${f.bbox[1]} AND ${f.bbox[3]}`);
  if (f.unitCode) where.push(sql`u.code = ${f.unitCode}`);
  if (f.agencyIds)
    where.push(
      f.agencyIds.length
        ? sql`r.agency_id IN (${sql.join(
            f.agencyIds.map((i) => sql`${i}::uuid`),
            sql`, `,
          )})`
        : sql`FALSE`,
    );
  if (f.handlerAccountId) where.push(sql`r.handler_account_id = ${f.handlerAccountId}`);
  if (f.reporterAccountId)
    where.push(
      sql`(r.reporter_account_id = ${f.reporterAccountId} OR EXISTS (SELECT 1 FROM feedback_followers fo WHERE fo.report_id = r.id AND fo.account_id = ${f.reporterAccountId}))`,
    );
  if (f.dueBefore) where.push(sql`r.due_at < ${f.dueBefore}`);
  if (f.dueAfter) where.push(sql`r.due_at >= ${f.dueAfter}`);
  if (f.createdFrom) where.push(sql`r.created_at >= ${f.createdFrom}`);
  if (f.createdTo) where.push(sql`r.created_at < ${f.createdTo}`);
  if (f.ids?.length)
    where.push(
      sql`r.id IN (${sql.join(
        f.ids.map((i) => sql`${i}::uuid`),
        sql`, `,
      )})`,
    );
  if (f.publicIds?.length) where.push(sql`r.public_id IN (${inList(f.publicIds)})`);
  const order = f.order === 'due' ? sql`r.due_at ASC, r.created_at ASC` : sql`r.created_at DESC, r.public_id DESC`;
  const filtered = sql`FROM feedback_reports r
        JOIN feedback_categories c ON c.id = r.category_id
        LEFT JOIN admin_units u ON u.id = r.unit_id
        WHERE ${sql.join(where, sql` AND `)}`;
  // The page is chosen first; names and the first photo are looked up for its rows only.
  const rows = await queryRows<Row>(
    ex,
    sql`WITH page AS (
          SELECT r.id, r.public_id, c.code AS category, c.name_vi, c.name_en, r.status, r.lat, r.lng, left(r.description, 280) AS description,
                 r.agency_id, u.code AS unit_code, r.created_at, r.updated_at, r.due_at, r.resolved_at
          ${filtered}
          ORDER BY ${order}
          LIMIT ${f.limit} OFFSET ${f.offset})
        SELECT page.*, a.name AS agency,
               (SELECT p.public_sha256 FROM feedback_photos p WHERE p.report_id = page.id ORDER BY p.action_id, p.created_at LIMIT 1) AS photo
        FROM page JOIN agencies a ON a.id = page.agency_id
        ORDER BY ${f.order === 'due' ? sql`page.due_at ASC, page.created_at ASC` : sql`page.created_at DESC, page.public_id DESC`}`,
  );
  const total =
    rows.length < f.limit && (rows.length > 0 || f.offset === 0)
      ? f.offset + rows.length
      : Number((await queryRows<{ n: number | string }>(ex, sql`SELECT count(*) AS n ${filtered}`))[0]!.n);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      publicId: r.public_id,
      category: r.category,
      categoryName: { vi: r.name_vi, en: r.name_en },
      status: r.status,
      lat: Number(r.lat),
      lng: Number(r.lng),
      description: r.description,
      agency: r.agency,
      agencyId: r.agency_id,
      unitCode: r.unit_code,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      dueAt: iso(r.due_at),
      resolvedAt: r.resolved_at ? iso(r.resolved_at) : null,
      photo: r.photo ? photoUrl(r.photo) : null,
    })),
  };
}
