import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../platform/index.js';
import { OPEN_STATUSES, REPORT_STATUSES } from '../schema.js';
import { photoUrl } from '../load.js';

/** A GeoReport v2 service request, with the spec's field names. */
export interface ServiceRequest {
  [k: string]: string | number | null;
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

export interface RequestFilter {
  ids?: string[];
  tokens?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  status?: ('open' | 'closed')[];
  limit: number;
}

const CLOSED = REPORT_STATUSES.filter((s) => !OPEN_STATUSES.includes(s));
const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Vietnamese time with its offset, as the spec asks (w3 datetime with a time zone). */
export function w3(d: Date | string): string {
  const t = new Date(new Date(d).getTime() + 7 * 3_600_000).toISOString();
  return `${t.slice(0, 19)}+07:00`;
}

export async function serviceRequests(
  ex: Executor,
  f: RequestFilter,
  publicUrl: string,
): Promise<(ServiceRequest & { token: string })[]> {
  const where: SQL[] = [sql`TRUE`];
  if (f.ids) where.push(sql`r.public_id IN (${list(f.ids)})`);
  if (f.tokens) where.push(sql`r.token IN (${list(f.tokens)})`);
  if (f.serviceCodes?.length) where.push(sql`c.code IN (${list(f.serviceCodes)})`);
  if (f.start) where.push(sql`r.created_at >= ${f.start}`);
  if (f.end) where.push(sql`r.created_at <= ${f.end}`);
  if (f.status?.length && f.status.length < 2)
    where.push(sql`r.status IN (${list(f.status[0] === 'open' ? OPEN_STATUSES : CLOSED)})`);
  const rows = await queryRows<Record<string, unknown>>(
    ex,
    sql`SELECT r.public_id, r.token, r.status, r.description, r.address, r.lat, r.lng, r.created_at, r.updated_at, r.due_at, r.media_url,
               c.code, c.name_vi, a.name AS agency,
               (SELECT p.public_sha256 FROM feedback_photos p WHERE p.report_id = r.id ORDER BY p.action_id LIMIT 1) AS photo,
               (SELECT coalesce(x.details->>'note', x.details->>'reason') FROM feedback_actions x
                 WHERE x.report_id = r.id AND x.action IN ('resolve', 'reject', 'transfer', 'reopen', 'merge', 'request-info')
                 ORDER BY x.id DESC LIMIT 1) AS notes
        FROM feedback_reports r JOIN feedback_categories c ON c.id = r.category_id JOIN agencies a ON a.id = r.agency_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY r.created_at DESC LIMIT ${f.limit}`,
  );
  return rows.map((r) => ({
    service_request_id: r.public_id as string,
    token: r.token as string,
    status: (OPEN_STATUSES as readonly string[]).includes(r.status as string) ? 'open' : 'closed',
    status_notes: (r.notes as string | null) ?? null,
    service_name: r.name_vi as string,
    service_code: r.code as string,
    description: r.description as string,
    agency_responsible: r.agency as string,
    service_notice: null,
    requested_datetime: w3(r.created_at as string),
    updated_datetime: w3(r.updated_at as string),
    expected_datetime: w3(r.due_at as string),
    address: (r.address as string | null) ?? null,
    address_id: null,
    zipcode: null,
    lat: Number(r.lat),
    long: Number(r.lng),
    media_url: r.photo ? `${publicUrl}${photoUrl(r.photo as string)}` : ((r.media_url as string | null) ?? null),
  }));
}
