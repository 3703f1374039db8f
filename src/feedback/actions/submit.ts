import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { problems, queryRows, type Tx, type WorkingCalendar } from '../../platform/index.js';
import { insideProvince, locateUnit, unitByCode } from '../../directory/index.js';
import { feedbackCategories, feedbackFollowers, feedbackReports, OPEN_STATUSES, type Channel, type Report } from '../schema.js';
import { readSettings } from '../settings.js';
import { routeReport } from '../routing.js';
import { dueAt } from '../deadlines.js';
import { nearbyOpenReports } from '../duplicates.js';
import { ownUploads, type Uploader } from '../photos.js';
import { findReport } from '../load.js';
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
}

export type SubmitResult = { kind: 'created'; report: Report } | { kind: 'joined'; report: Report };

/**
 * Gửi phản ánh: checks everything before writing anything (category, place, photos, duplicates,
 * routing), then creates the report and its first action. A refusal leaves nothing behind.
 */
export async function submitReport(tx: Tx, input: SubmitInput, c: SubmitContext): Promise<SubmitResult> {
  const f = { category: '/body/category', location: '/body/lat', photos: '/body/photos', ...c.fields };
  const [category] = await tx.select().from(feedbackCategories).where(and(eq(feedbackCategories.code, input.category), eq(feedbackCategories.active, true)));
  if (!category) throw problems.invalidField(f.category, { vi: `Không có lĩnh vực phản ánh "${input.category}".`, en: `Unknown report category "${input.category}".` }, 'unknown-category');
  if (!insideProvince(input.lat, input.lng)) {
    throw problems.invalidField(f.location, { vi: 'Vị trí nằm ngoài địa bàn tỉnh.', en: 'The location is outside the province.' }, 'outside-province');
  }
  const unitCode = locateUnit(input.lat, input.lng);
  const unit = unitCode ? await unitByCode(tx, unitCode) : null;
  const photos = await ownUploads(tx, input.photos ?? [], c.uploader, f.photos);

  if (input.joinReportId) {
    const target = await findReport(tx, input.joinReportId, { lock: true });
    if (!target || !OPEN_STATUSES.includes(target.status) || target.categoryId !== category.id) {
      throw problems.invalidField('/body/joinReportId', { vi: 'Chỉ có thể tham gia một phản ánh đang mở cùng lĩnh vực.', en: 'You can only join an open report of the same category.' }, 'join-target');
    }
    await tx.insert(feedbackFollowers).values({ reportId: target.id, accountId: c.reporter.accountId, phone: c.reporter.accountId ? null : c.reporter.phone });
    const done = await recordAction(tx, target, { action: 'join', actor: c.actor, to: 'same', details: {}, photos, now: c.now });
    return { kind: 'joined', report: done.report };
  }

  const settings = await readSettings(tx);
  if (!input.confirmNew) {
    const candidates = await nearbyOpenReports(tx, category.id, input.lat, input.lng, settings.duplicateRadiusM);
    if (candidates.length) {
      throw problems.conflict(
        { vi: `Đã có ${candidates.length} phản ánh cùng lĩnh vực trong bán kính ${settings.duplicateRadiusM} m. Hãy tham gia phản ánh đó, hoặc xác nhận gửi mới.`, en: `${candidates.length} open report(s) of this category within ${settings.duplicateRadiusM} m. Join one, or confirm to send a new one.` },
        { code: 'possible-duplicate', extra: { candidates, radiusM: settings.duplicateRadiusM } },
      );
    }
  }

  const { agencyId, ruleId } = await routeReport(tx, category.id, unit?.id ?? null);
  const [seq] = await queryRows<{ n: string | number }>(tx, sql`SELECT nextval('feedback_report_seq') AS n`);
  const year = new Date(c.now.getTime() + 7 * 3_600_000).getUTCFullYear();
  const [report] = await tx
    .insert(feedbackReports)
    .values({
      publicId: `PA-${year}-${Number(seq!.n)}`,
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
    })
    .returning();
  // The first action starts from nothing: its from-status is null.
  const r = { ...report!, status: null as unknown as Report['status'] };
  const done = await recordAction(tx, r, { action: 'submit', actor: c.actor, to: 'new', details: { channel: c.channel, ruleId }, photos, now: c.now });
  return { kind: 'created', report: done.report };
}
