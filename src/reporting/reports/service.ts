/**
 * Periodic reports (chế độ báo cáo định kỳ): the reports of a period are opened for every agency that
 * must report, prefilled from indicators; an agency fills and submits; the receiving agency accepts
 * or returns with a reason; a returned report is corrected and submitted again. Each step appends an
 * action; an illegal step is 409.
 */
import { and, asc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/index.js';
import { problems, queueEmail } from '../../platform/index.js';
import { agencies, people } from '../../directory/index.js';
import {
  reportingAlerts,
  reportingReportActions,
  reportingReports,
  reportingTemplates,
  type ReportStatus,
} from '../schema.js';
import { readValues } from '../indicators/service.js';
import { parsePeriod, periodOf, type Period } from '../indicators/periods.js';
import { raiseAlert } from '../alerts.js';
import { checkValues, type FieldProblem, type TemplateField } from './fields.js';

/** 400 naming every field at fault, the first one's message as the detail. */
export const fieldProblems = (list: FieldProblem[]) =>
  problems.badRequest(
    { vi: list[0]!.vi, en: list[0]!.en },
    {
      code: 'validation',
      errors: list.map((p) => ({ field: p.path, code: 'invalid', message: { vi: p.vi, en: p.en } })),
    },
  );

export type Template = typeof reportingTemplates.$inferSelect;
export type Report = typeof reportingReports.$inferSelect;

/** Which action may follow which status. */
export const TRANSITIONS: Record<string, ReportStatus[]> = {
  fill: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  accept: ['submitted'],
  return: ['submitted'],
};
const NEXT: Record<string, ReportStatus> = {
  fill: 'draft',
  submit: 'submitted',
  accept: 'accepted',
  return: 'returned',
};

/** The due date: the period's end plus the template's days (end of that local day). */
export const dueOf = (t: Template, p: Period) => new Date(p.end.getTime() + t.deadlineDays * 86400_000 - 1000);

/** Prefills the indicator-linked fields from the stored values of the agency for the period. */
async function prefill(tx: Executor, t: Template, agencyIds: string[], periodKey: string) {
  const linked = (t.fields as TemplateField[]).filter((f) => f.indicator);
  const values = await readValues(tx, {
    keys: linked.map((f) => f.indicator!),
    periodKeys: [periodKey],
    scopeKind: 'agency',
    scopeIds: agencyIds,
  });
  const by = new Map(values.map((v) => [`${v.indicatorKey}:${v.scopeId}`, v]));
  return (agencyId: string) => {
    const out: Record<string, unknown> = {};
    const computed: string[] = [];
    for (const f of linked) {
      const v = by.get(`${f.indicator}:${agencyId}`);
      if (v?.value === null || v?.value === undefined || v.status !== 'computed') continue;
      out[f.key] = f.type === 'percent' ? Math.round(v.value * 10000) / 100 : v.value;
      computed.push(f.key);
    }
    return { values: out, computed };
  };
}

/** Opens the reports of a period for every agency that must report (idempotent). */
export async function openPeriod(tx: Executor, t: Template, period: Period): Promise<number> {
  const existing = new Set(
    (
      await tx
        .select({ agencyId: reportingReports.agencyId })
        .from(reportingReports)
        .where(and(eq(reportingReports.templateId, t.id), eq(reportingReports.periodKey, period.key)))
    ).map((r) => r.agencyId),
  );
  const missing = t.agencyIds.filter((a) => !existing.has(a));
  if (!missing.length) return 0;
  const fill = await prefill(tx, t, missing, period.key);
  const rows = missing.map((agencyId) => {
    const p = fill(agencyId);
    return {
      templateId: t.id,
      agencyId,
      periodKey: period.key,
      dueAt: dueOf(t, period),
      status: 'draft' as const,
      values: p.values,
      computedFields: p.computed,
    };
  });
  const inserted = await tx
    .insert(reportingReports)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: reportingReports.id });
  if (inserted.length)
    await tx.insert(reportingReportActions).values(inserted.map((r) => ({ reportId: r.id, action: 'open' })));
  return inserted.length;
}

/** Applies an action to a report in the caller's transaction; answers the new state. */
export async function act(
  tx: Executor,
  report: Report,
  t: Template,
  action: 'fill' | 'submit' | 'accept' | 'return',
  by: string | null,
  body: { values?: Record<string, unknown>; reason?: string },
  now = new Date(),
): Promise<Report> {
  if (!TRANSITIONS[action]!.includes(report.status))
    throw problems.conflict(
      {
        vi: `Không thể ${{ fill: 'cập nhật', submit: 'gửi', accept: 'tiếp nhận', return: 'trả lại' }[action]} báo cáo ở trạng thái "${report.status}".`,
        en: `A report in status "${report.status}" cannot be ${{ fill: 'filled', submit: 'submitted', accept: 'accepted', return: 'returned' }[action]}.`,
      },
      { code: 'illegal-transition' },
    );
  let values = report.values;
  let computedFields = report.computedFields;
  if (action === 'fill' || action === 'submit') {
    const merged = { ...report.values, ...(body.values ?? {}) };
    // A computed field the agency overwrote is no longer marked computed.
    computedFields = report.computedFields.filter(
      (k) => !body.values || !(k in body.values) || body.values[k] === report.values[k],
    );
    const checked = checkValues(t.fields as TemplateField[], merged, { final: action === 'submit' });
    if (checked.problems.length) {
      throw fieldProblems(checked.problems);
    }
    values = checked.values;
  }
  if (action === 'return' && !body.reason?.trim())
    throw problems.invalidField(
      '/body/reason',
      { vi: 'Cần nêu lý do trả lại.', en: 'A reason is required to return a report.' },
      'reason-required',
    );
  const [row] = await tx
    .update(reportingReports)
    .set({
      status: NEXT[action]!,
      values,
      computedFields,
      updatedAt: now,
      ...(action === 'submit' ? { submittedAt: now, reason: null } : {}),
      ...(action === 'return' ? { reason: body.reason!.trim() } : {}),
    })
    .where(and(eq(reportingReports.id, report.id), eq(reportingReports.status, report.status)))
    .returning();
  if (!row)
    throw problems.conflict(
      { vi: 'Báo cáo vừa được người khác thay đổi.', en: 'The report was changed meanwhile.' },
      { code: 'concurrent-change' },
    );
  await tx
    .insert(reportingReportActions)
    .values({
      reportId: report.id,
      action,
      actorId: by,
      values: action === 'fill' || action === 'submit' ? values : null,
      reason: body.reason ?? null,
      at: now,
    });
  return row;
}

/** Reports still not submitted after their due date, or submitted after it. */
export async function lateReports(db: Executor, now = new Date()) {
  return db
    .select({ report: reportingReports, agencyName: agencies.name, templateName: reportingTemplates.nameVi })
    .from(reportingReports)
    .innerJoin(reportingTemplates, eq(reportingTemplates.id, reportingReports.templateId))
    .leftJoin(agencies, eq(agencies.id, reportingReports.agencyId))
    .where(
      or(
        and(inArray(reportingReports.status, ['draft', 'returned']), lt(reportingReports.dueAt, now)),
        and(isNotNull(reportingReports.submittedAt), sql`${reportingReports.submittedAt} > ${reportingReports.dueAt}`),
      ),
    )
    .orderBy(asc(reportingReports.dueAt));
}

/** Raises one alert per report that has just gone past its due date unsubmitted. */
export async function markOverdueReports(tx: Executor, now = new Date()): Promise<number> {
  const due = await tx
    .select({
      r: reportingReports,
      name: agencies.name,
      tname: reportingTemplates.nameVi,
      tnameEn: reportingTemplates.nameEn,
    })
    .from(reportingReports)
    .innerJoin(reportingTemplates, eq(reportingTemplates.id, reportingReports.templateId))
    .leftJoin(agencies, eq(agencies.id, reportingReports.agencyId))
    .where(
      and(
        inArray(reportingReports.status, ['draft', 'returned']),
        lt(reportingReports.dueAt, now),
        sql`NOT EXISTS (SELECT 1 FROM ${reportingAlerts} WHERE ${reportingAlerts.kind} = 'report_overdue' AND ${reportingAlerts.details}->>'reportId' = ${reportingReports.id}::text)`,
      ),
    )
    .limit(500);
  for (const d of due)
    await raiseAlert(tx, {
      kind: 'report_overdue',
      agencyId: d.r.agencyId,
      link: `/ioc/reporting/reports/${d.r.id}`,
      titleVi: `${d.name ?? ''}: quá hạn gửi "${d.tname}" kỳ ${d.r.periodKey}`,
      titleEn: `${d.name ?? ''}: "${d.tnameEn}" for ${d.r.periodKey} is overdue`,
      details: { reportId: d.r.id, periodKey: d.r.periodKey },
    });
  return due.length;
}

/** E-mails the agencies whose report is due within the template's reminder days (once per report). */
export async function remindReports(tx: Executor, now = new Date()): Promise<number> {
  const due = await tx
    .select({ r: reportingReports, t: reportingTemplates })
    .from(reportingReports)
    .innerJoin(reportingTemplates, eq(reportingTemplates.id, reportingReports.templateId))
    .where(
      and(
        inArray(reportingReports.status, ['draft', 'returned']),
        sql`${reportingReports.remindedAt} IS NULL`,
        sql`${reportingReports.dueAt} > ${now.toISOString()}::timestamptz`,
        sql`${reportingReports.dueAt} - make_interval(days => ${reportingTemplates.remindDays}) <= ${now.toISOString()}::timestamptz`,
      ),
    );
  let sent = 0;
  for (const { r, t } of due) {
    const to = await tx
      .select({ email: people.email })
      .from(people)
      .where(and(eq(people.agencyId, r.agencyId), isNotNull(people.email)));
    for (const p of to) {
      const ok = await queueEmail(tx, {
        to: p.email!,
        purpose: 'reporting.reminder',
        ref: `${r.id}:${p.email}`,
        subject: `[Nhắc hạn] ${t.nameVi} kỳ ${r.periodKey}`,
        text: `Báo cáo "${t.nameVi}" kỳ ${r.periodKey} đến hạn ngày ${r.dueAt.toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}.\nReport "${t.nameEn}" for ${r.periodKey} is due on ${r.dueAt.toISOString().slice(0, 10)}.`,
      });
      if (ok) sent++;
    }
    await tx.update(reportingReports).set({ remindedAt: now }).where(eq(reportingReports.id, r.id));
  }
  return sent;
}

/** Opens the current and previous periods of every template (the job's daily round). */
export async function openDuePeriods(tx: Executor, now = new Date()): Promise<number> {
  let n = 0;
  for (const t of await tx.select().from(reportingTemplates)) {
    const current = periodOf(t.periodKind, now);
    const previous = periodOf(t.periodKind, new Date(current.start.getTime() - 86400_000));
    n += await openPeriod(tx, t, previous);
    n += await openPeriod(tx, t, current);
  }
  return n;
}

/** Sums (numbers) and averages (percentages) of the submitted or accepted reports of a period, plus the table rows. */
export async function aggregate(db: Executor, t: Template, periodKey: string) {
  const rows = await db
    .select()
    .from(reportingReports)
    .where(
      and(
        eq(reportingReports.templateId, t.id),
        eq(reportingReports.periodKey, periodKey),
        inArray(reportingReports.status, ['submitted', 'accepted']),
      ),
    );
  const totals: Record<string, number | null> = {};
  for (const f of t.fields as TemplateField[]) {
    if (f.type !== 'number' && f.type !== 'percent') continue;
    const nums = rows.map((r) => r.values[f.key]).filter((v): v is number => typeof v === 'number');
    totals[f.key] = nums.length
      ? f.type === 'number'
        ? nums.reduce((a, b) => a + b, 0)
        : Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100
      : null;
  }
  return { periodKey, reports: rows.length, expected: t.agencyIds.length, totals };
}

export const validPeriodFor = (t: Template, key: string) => {
  const p = parsePeriod(key);
  return p && p.kind === t.periodKind ? p : null;
};
