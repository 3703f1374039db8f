import crypto from 'node:crypto';
import { sql, type SQLWrapper } from 'drizzle-orm';
import {
  insertStatement,
  insertTogether,
  preparedStatement,
  problems,
  queryRows,
  type Database,
  type Executor,
  type Tx,
  type WorkingCalendar,
} from '../../platform/index.js';
import { insideProvince, insideVietnam, locateUnit, todayVn } from '../../directory/index.js';
import {
  feedbackActions,
  feedbackFollowers,
  feedbackPhotos,
  feedbackReports,
  OPEN_STATUSES,
  type Category,
  type Channel,
  type Report,
} from '../schema.js';
import { settingsFrom, type FeedbackSettings } from '../settings.js';
import { routeBy, routingRuleSql } from '../routing.js';
import { dueAt } from '../deadlines.js';
import { nearbyOpenReports } from '../duplicates.js';
import { ownUploads, type Uploader } from '../photos.js';
import { findReport, photoUrl, type ReportNames } from '../load.js';
import { timelineEntry, type KnownParts } from '../views.js';
import { recordAction, type ActorKind } from './base.js';

export interface SubmitInput {
  /** Category code (also the Open311 service_code). */
  category: string;
  description: string;
  lat: number;
  lng: number;
  address?: string;
  /** Originals of photos the sender uploaded through /api/feedback/photos. */
  photos?: string[];
  /** Send it although open reports of the same category are near. */
  confirmNew?: boolean;
  /** Join this open report instead of filing a new one (the reporter becomes a follower). */
  joinReportId?: string;
  mediaUrl?: string;
}

export interface SubmitContext {
  channel: Channel;
  reporter: { accountId: string | null; phone: string | null; name?: string | null; email?: string | null };
  /** reporter: the citizen themself; intake: an officer filing at the counter or from a call. */
  actor: { kind: Extract<ActorKind, 'reporter' | 'intake'>; accountId: string | null };
  /** Whose uploads the photos must be. */
  uploader: Uploader;
  calendar: WorkingCalendar;
  now: Date;
  /** Field names for errors (Open311 names them differently). */
  fields?: { category?: string; location?: string; photos?: string };
  /** What `submitLookup` read before the transaction; without it the submission reads it in the transaction. */
  lookup?: SubmitLookup;
}

/** What the answer's view needs besides the report, known from the submission itself: nothing is read back. */
export interface SubmitView extends KnownParts {
  settings: FeedbackSettings;
}

export type SubmitResult = { kind: 'created'; report: Report; view: SubmitView } | { kind: 'joined'; report: Report };

/** What a submission reads before it writes, in one round trip. */
export interface SubmitLookup {
  category: Pick<Category, 'id' | 'code' | 'nameVi' | 'nameEn' | 'deadlineAmount' | 'deadlineUnit'> | null;
  unit: { id: string; code: string; name: string } | null;
  settings: FeedbackSettings;
  rule: { id: string; agencyId: string } | null;
  /** The agency the report would go to (the rule's, else the fallback), for the answer. */
  agency: { id: string; code: string; name: string } | null;
  /**
   * Does this installation have its province's shapes? Only the demo (Huế) ships them; a province set up from the
   * official lists has none, so a place is checked against the country's extent and its unit is left to routing.
   */
  shapes: boolean;
}

type LookupRow = Record<'category' | 'unit' | 'settings' | 'rule' | 'agency' | 'shapes', unknown>;

const UUID_TEXT = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * For each (category code, unit code) of `wanted` (a JSON array, in order): the active category, the unit in force,
 * the settings, the routing rule for the two and the agency it routes to, in one statement: read one by one they
 * cost a round trip each (and the settings and names once more for the answer). One submission asks for one pair;
 * a batch of them for all of theirs.
 */
const lookupSql = (wanted: SQLWrapper, today: SQLWrapper) =>
  sql`WITH s AS (SELECT key, value FROM feedback_settings),
           fallback AS (SELECT (value #>> '{}')::uuid AS id FROM s
                         WHERE key = 'fallbackAgencyId' AND jsonb_typeof(value) = 'string' AND value #>> '{}' ~ ${sql.raw(`'${UUID_TEXT}'`)})
      SELECT row_to_json(c) AS category, row_to_json(u) AS unit, (SELECT coalesce(json_agg(s), '[]'::json) FROM s) AS settings,
             row_to_json(rule) AS rule, row_to_json(a) AS agency,
             coalesce((SELECT demo FROM installation WHERE id = 1), false) AS shapes
        FROM ROWS FROM (jsonb_to_recordset(${wanted}::jsonb) AS (code text, unit text)) WITH ORDINALITY AS k(code, unit, n)
        LEFT JOIN LATERAL (SELECT id, code, name_vi, name_en, deadline_amount, deadline_unit FROM feedback_categories WHERE code = k.code AND active) c ON true
        LEFT JOIN LATERAL (SELECT id, code, name FROM admin_units
                            WHERE code = k.unit AND valid_from <= ${today}::date AND (valid_to IS NULL OR valid_to >= ${today}::date) LIMIT 1) u ON true
        LEFT JOIN LATERAL ${routingRuleSql(sql`c.id`, sql`u.id`)} rule ON true
        LEFT JOIN LATERAL (SELECT id, code, name FROM agencies WHERE id = coalesce(rule.agency_id, (SELECT id FROM fallback))) a ON true
       ORDER BY k.n`;

// Prepared: planning this statement cost several times its execution.
const preparedLookup = preparedStatement<LookupRow, { wanted: string; today: string }>(
  'feedback_submit_lookup',
  lookupSql(sql.placeholder('wanted'), sql.placeholder('today')),
);

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function readLookup(row: LookupRow): SubmitLookup {
  const c = json<{
    id: string;
    code: string;
    name_vi: string;
    name_en: string;
    deadline_amount: number;
    deadline_unit: Category['deadlineUnit'];
  } | null>(row.category);
  const rule = json<{ id: string; agency_id: string } | null>(row.rule);
  return {
    category: c && {
      id: c.id,
      code: c.code,
      nameVi: c.name_vi,
      nameEn: c.name_en,
      deadlineAmount: c.deadline_amount,
      deadlineUnit: c.deadline_unit,
    },
    unit: json(row.unit),
    settings: settingsFrom(json(row.settings)),
    rule: rule && { id: rule.id, agencyId: rule.agency_id },
    agency: json(row.agency),
    shapes: row.shapes === true || row.shapes === 't',
  };
}

/** The unit a location lies in, when it lies in the province. */
const unitCodeAt = (lat: number, lng: number) => (insideProvince(lat, lng) ? locateUnit(lat, lng) : null);
type Located = Pick<SubmitInput, 'category' | 'lat' | 'lng'>;
const wantedOf = (inputs: Located[]) =>
  JSON.stringify(inputs.map((i) => ({ code: i.category, unit: unitCodeAt(i.lat, i.lng) })));

/**
 * What the submission of `input` reads, before its transaction and outside it (a prepared statement on the pool):
 * the hot path's one read. Give it to `submitReport` as `lookup`.
 */
export async function submitLookup(database: Database, input: Located): Promise<SubmitLookup> {
  const [row] = await preparedLookup(database, { wanted: wantedOf([input]), today: todayVn() });
  return readLookup(row!);
}

/** What the submissions of `inputs` read, in one statement (in a transaction: a batch writing them). */
export async function submitLookups(ex: Executor, inputs: Located[]): Promise<SubmitLookup[]> {
  if (!inputs.length) return [];
  return (await queryRows<LookupRow>(ex, lookupSql(sql`${wantedOf(inputs)}`, sql`${todayVn()}`))).map(readLookup);
}

/** A new report, checked and routed, ready to be written (all but its public number, drawn as it is written). */
export interface NewReport {
  values: Omit<typeof feedbackReports.$inferInsert, 'publicId'> & { id: string; createdAt: Date };
  /** Its first action; the action starts from nothing: its from-status is null. */
  action: Omit<typeof feedbackActions.$inferInsert, 'reportId'>;
  photos: { original: string; public: string }[];
  /** What its answer shows besides the report. */
  names: ReportNames;
  settings: FeedbackSettings;
}

const fieldsOf = (c: SubmitContext) => ({
  category: '/body/category',
  location: '/body/lat',
  photos: '/body/photos',
  ...c.fields,
});

/** The category and the place: what the lookup decides alone, in this order. */
function checkLookedUp(input: SubmitInput, c: SubmitContext, found: SubmitLookup) {
  const f = fieldsOf(c);
  const category = found.category;
  if (!category)
    throw problems.invalidField(
      f.category,
      { vi: `Không có lĩnh vực phản ánh "${input.category}".`, en: `Unknown report category "${input.category}".` },
      'unknown-category',
    );
  if (found.shapes ? !insideProvince(input.lat, input.lng) : !insideVietnam(input.lat, input.lng))
    throw problems.invalidField(
      f.location,
      { vi: 'Vị trí nằm ngoài địa bàn tỉnh.', en: 'The location is outside the province.' },
      'outside-province',
    );
  return category;
}

/** Category, place and photos: the checks every submission passes, a new report or a join. */
async function checkCommon(ex: Executor, input: SubmitInput, c: SubmitContext) {
  const found = c.lookup ?? (await submitLookups(ex, [input]))[0]!;
  const category = checkLookedUp(input, c, found);
  const photos = await ownUploads(ex, input.photos ?? [], c.uploader, fieldsOf(c).photos);
  return { found, category, photos };
}

/**
 * Checks a new report (category, place, photos, duplicates, routing) and makes it ready to write, writing nothing.
 * Reads only: it may run before the transaction that writes (a group-committed submission does).
 */
export async function checkNewReport(ex: Executor, input: SubmitInput, c: SubmitContext): Promise<NewReport> {
  const { found, category, photos } = await checkCommon(ex, input, c);
  const { settings } = found;
  if (!input.confirmNew) {
    const candidates = await nearbyOpenReports(ex, category.id, input.lat, input.lng, settings.duplicateRadiusM);
    if (candidates.length) {
      throw problems.conflict(
        {
          vi: `Đã có ${candidates.length} phản ánh cùng lĩnh vực trong bán kính ${settings.duplicateRadiusM} m. Hãy tham gia phản ánh đó, hoặc xác nhận gửi mới.`,
          en: `${candidates.length} open report(s) of this category within ${settings.duplicateRadiusM} m. Join one, or confirm to send a new one.`,
        },
        { code: 'possible-duplicate', extra: { candidates, radiusM: settings.duplicateRadiusM } },
      );
    }
  }
  return newReport(input, c, found, photos);
}

/**
 * A new report sent with `confirmNew` and no photos needs nothing checked but what its lookup decides: ready to write
 * from the lookup alone (a batch reads the lookups of all its reports in one statement). Throws as `checkNewReport`.
 */
export function newReportFrom(input: SubmitInput, c: SubmitContext, found: SubmitLookup): NewReport {
  if (!input.confirmNew || input.photos?.length || input.joinReportId)
    throw new Error('newReportFrom: photos, duplicates and joins are checked by checkNewReport');
  checkLookedUp(input, c, found);
  return newReport(input, c, found, []);
}

/** Routes the report and builds its rows and its answer's names. */
function newReport(input: SubmitInput, c: SubmitContext, found: SubmitLookup, photos: NewReport['photos']): NewReport {
  const { unit, settings } = found;
  const category = found.category!;
  const { agencyId, ruleId } = routeBy(found.rule, settings);
  const agency = found.agency;
  if (!agency || agency.id !== agencyId) throw new Error(`feedback routing: agency ${agencyId} not found`);
  // The id is made here so that the first action can name its report in the statement that writes both.
  const id = crypto.randomUUID();
  return {
    values: {
      id,
      token: crypto.randomBytes(18).toString('base64url'),
      categoryId: category.id,
      description: input.description,
      address: input.address ?? null,
      lat: input.lat,
      lng: input.lng,
      unitId: unit?.id ?? null,
      agencyId,
      status: 'new',
      channel: c.channel,
      reporterAccountId: c.reporter.accountId,
      reporterPhone: c.reporter.phone,
      reporterName: c.reporter.name ?? null,
      reporterEmail: c.reporter.email ?? null,
      mediaUrl: input.mediaUrl ?? null,
      dueAt: dueAt(c.calendar, category, c.now),
      createdAt: c.now,
      updatedAt: c.now,
    },
    action: {
      action: 'submit',
      actorKind: c.actor.kind,
      actorAccountId: c.actor.accountId,
      agencyId,
      fromStatus: null,
      toStatus: 'new',
      details: { channel: c.channel, ruleId },
      at: c.now,
    },
    photos,
    names: {
      categoryCode: category.code,
      categoryVi: category.nameVi,
      categoryEn: category.nameEn,
      agencyName: agency.name,
      agencyCode: agency.code,
      unitCode: unit?.code ?? null,
      unitName: unit?.name ?? null,
      mergedIntoPublicId: null,
    },
    settings,
  };
}

/**
 * Writes new reports with their first actions in one statement, each public number drawn from its sequence by the
 * statement itself, then their photos; answers each report with its view, built from what was written.
 */
export async function writeNewReports(tx: Tx, items: NewReport[]): Promise<{ report: Report; view: SubmitView }[]> {
  const { rows } = await insertTogether(tx, {
    // PA-<year of its creation in Vietnam (UTC+7)>-<n>.
    reports: insertStatement(
      feedbackReports,
      items.map((it) => it.values),
      {
        expressions: {
          publicId: sql`'PA-' || extract(year FROM r.created_at + interval '7 hours')::int || '-' || nextval('feedback_report_seq')`,
        },
      },
    ),
    actions: insertStatement(
      feedbackActions,
      items.map((it) => ({ ...it.action, reportId: it.values.id })),
    ),
  });
  const reportOf = new Map(rows.reports.map((r) => [r.id, r]));
  const actionOf = new Map(rows.actions.map((a) => [a.reportId, a]));
  const photos = items.flatMap((it) =>
    it.photos.map((p) => ({
      reportId: it.values.id,
      actionId: actionOf.get(it.values.id)!.id,
      originalSha256: p.original,
      publicSha256: p.public,
    })),
  );
  if (photos.length) await tx.insert(feedbackPhotos).values(photos).onConflictDoNothing();
  return items.map((it) => {
    const action = actionOf.get(it.values.id)!;
    const first = timelineEntry(
      {
        id: action.id,
        action: action.action,
        at: action.at,
        from_status: null,
        to_status: action.toStatus,
        actor_kind: action.actorKind,
        agency_name: it.names.agencyName,
        details: action.details,
      },
      it.photos.map((p) => photoUrl(p.public)),
    );
    return { report: reportOf.get(it.values.id)!, view: { names: it.names, timeline: [first], settings: it.settings } };
  });
}

/**
 * Gửi phản ánh: checks everything before writing anything (category, place, photos, duplicates,
 * routing), then creates the report and its first action, or joins the open report named. A refusal leaves
 * nothing behind.
 */
export async function submitReport(tx: Tx, input: SubmitInput, c: SubmitContext): Promise<SubmitResult> {
  if (input.joinReportId) {
    const { category, photos } = await checkCommon(tx, input, c);
    const target = await findReport(tx, input.joinReportId, { lock: true });
    if (!target || !OPEN_STATUSES.includes(target.status) || target.categoryId !== category.id) {
      throw problems.invalidField(
        '/body/joinReportId',
        {
          vi: 'Chỉ có thể tham gia một phản ánh đang mở cùng lĩnh vực.',
          en: 'You can only join an open report of the same category.',
        },
        'join-target',
      );
    }
    await tx
      .insert(feedbackFollowers)
      .values({
        reportId: target.id,
        accountId: c.reporter.accountId,
        phone: c.reporter.accountId ? null : c.reporter.phone,
      });
    const done = await recordAction(tx, target, {
      action: 'join',
      actor: c.actor,
      to: 'same',
      details: {},
      photos,
      now: c.now,
    });
    return { kind: 'joined', report: done.report };
  }
  const [written] = await writeNewReports(tx, [await checkNewReport(tx, input, c)]);
  return { kind: 'created', ...written! };
}
