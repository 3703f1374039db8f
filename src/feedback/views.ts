import { Type, type Static } from 'typebox';
import { eq, sql } from 'drizzle-orm';
import { accounts, queryRows, type Executor, StringEnum } from '../platform/index.js';
import { CHANNELS, REPORT_STATUSES, type Report } from './schema.js';
import { reportNames, reportPhotos, type ReportNames } from './load.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Names = Type.Object({ vi: Type.String(), en: Type.String() });

export const StatusSchema = StringEnum(REPORT_STATUSES, {
  description: 'new · in_progress · info_requested · resolved · rejected · merged',
});
export const ChannelSchema = StringEnum(CHANNELS);

export const TimelineEntry = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  at: Type.String({ format: 'date-time' }),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  /** Who acted, as a role: never a name or a phone. */
  by: StringEnum(['reporter', 'agency', 'system'] as const),
  agency: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  photos: Type.Array(Type.String()),
});

/** What anyone may see of a report: never who reported it. */
export const PublicReport = Type.Object({
  id: Type.String(),
  publicId: Type.String(),
  category: Type.Object({ code: Type.String(), name: Names }),
  description: Type.String(),
  address: Nullable(Type.String()),
  lat: Type.Number(),
  lng: Type.Number(),
  unit: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  agency: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  status: StatusSchema,
  channel: ChannelSchema,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  reopenCount: Type.Integer(),
  rating: Nullable(Type.Integer()),
  mergedInto: Nullable(Type.String()),
  photos: Type.Array(Type.String()),
  timeline: Type.Array(TimelineEntry),
});
export type PublicReport = Static<typeof PublicReport>;

/** The staff view adds the reporter's contact and the handler, for those who handle the case. */
export const StaffReport = Type.Intersect([
  PublicReport,
  Type.Object({
    reporter: Type.Object({
      accountId: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      name: Nullable(Type.String()),
      email: Nullable(Type.String()),
    }),
    handlerAccountId: Nullable(Type.String()),
    allowedActions: Type.Array(Type.String()),
  }),
]);

/** Details that may be shown in public, by key. Everything else in an action's details stays internal. */
const PUBLIC_DETAIL_KEYS = [
  'reason',
  'note',
  'kind',
  'duplicateOf',
  'mergedInto',
  'toAgency',
  'fromAgency',
  'rating',
  'question',
  'answer',
  'channel',
  'dueAt',
];

/** An action as stored, with the name of its agency. */
export interface TimelineRow {
  id: number | string;
  action: string;
  at: Date | string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  agency_name: string | null;
  details: Record<string, unknown> | string;
}

/** An action as the timeline shows it: who acted as a role, public details only, its photos' public addresses. */
export function timelineEntry(r: TimelineRow, photoUrls: string[]): Static<typeof TimelineEntry> {
  const details = typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details;
  return {
    id: Number(r.id),
    action: r.action,
    at: new Date(r.at).toISOString(),
    fromStatus: r.from_status,
    toStatus: r.to_status,
    by: r.actor_kind === 'reporter' ? 'reporter' : r.actor_kind === 'system' ? 'system' : 'agency',
    agency: r.agency_name,
    details: Object.fromEntries(Object.entries(details).filter(([k]) => PUBLIC_DETAIL_KEYS.includes(k))),
    photos: photoUrls,
  };
}

export async function timeline(ex: Executor, reportId: string): Promise<Static<typeof TimelineEntry>[]> {
  const rows = await queryRows<TimelineRow>(
    ex,
    sql`SELECT f.id, f.action, f.at, f.from_status, f.to_status, f.actor_kind, a.name AS agency_name, f.details
        FROM feedback_actions f LEFT JOIN agencies a ON a.id = f.agency_id WHERE f.report_id = ${reportId} ORDER BY f.id`,
  );
  const photos = await reportPhotos(ex, reportId);
  return rows.map((r) =>
    timelineEntry(
      r,
      photos.filter((p) => p.actionId === Number(r.id)).map((p) => p.url),
    ),
  );
}

/** What a view reads besides the report, when its caller has it already (a report it has just written). */
export interface KnownParts {
  names: ReportNames;
  timeline: Static<typeof TimelineEntry>[];
}

export async function publicReport(ex: Executor, r: Report, known?: KnownParts): Promise<PublicReport> {
  const n = known?.names ?? (await reportNames(ex, r));
  const tl = known?.timeline ?? (await timeline(ex, r.id));
  return {
    id: r.id,
    publicId: r.publicId,
    category: { code: n.categoryCode, name: { vi: n.categoryVi, en: n.categoryEn } },
    description: r.description,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    unit: n.unitCode ? { code: n.unitCode, name: n.unitName ?? '' } : null,
    agency: { id: r.agencyId, code: n.agencyCode, name: n.agencyName },
    status: r.status,
    channel: r.channel,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    reopenCount: r.reopenCount,
    rating: r.rating,
    mergedInto: n.mergedIntoPublicId,
    photos: tl.flatMap((t) => (t.action === 'submit' ? t.photos : [])),
    timeline: tl,
  };
}

export async function staffReport(ex: Executor, r: Report, allowedActions: string[], known?: KnownParts) {
  // A logged-in reporter gave no contact in the report: those who handle it see their account's.
  const [acct] = r.reporterAccountId
    ? await ex
        .select({ name: accounts.displayName, email: accounts.email })
        .from(accounts)
        .where(eq(accounts.id, r.reporterAccountId))
    : [];
  return {
    ...(await publicReport(ex, r, known)),
    reporter: {
      accountId: r.reporterAccountId,
      phone: r.reporterPhone,
      name: r.reporterName ?? acct?.name ?? null,
      email: r.reporterEmail ?? acct?.email ?? null,
    },
    handlerAccountId: r.handlerAccountId,
    allowedActions,
  };
}
