import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { problems } from '../http/problem.js';
import { errorResponses } from '../http/schemas.js';
import { transact } from '../http/transact.js';
import { requirePermission } from '../auth/principal.js';
import { PROVINCE } from '../auth/authorize.js';
import { dueAfter } from './processing-time.js';
import {
  deleteOverride,
  insertOverride,
  listOverrides,
  readOfficeHours,
  writeOfficeHours,
  type OverrideRow,
} from './service.js';

const tags = ['calendar'];
const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD, giờ Việt Nam',
  examples: ['2026-02-17'],
});
const Year = Type.Integer({ minimum: 1900, maximum: 2200, description: 'Năm dương lịch — Gregorian year' });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, giờ Việt Nam (UTC+7)' });
const Name = Type.Object(
  { vi: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const OverrideKind = Type.Union([Type.Literal('day_off'), Type.Literal('working_day')], {
  description: 'day_off: ngày nghỉ thêm; working_day: ngày làm bù',
});

const HolidayView = Type.Object({
  date: IsoDate,
  name: Name,
  kind: Type.Union(
    [Type.Literal('holiday'), Type.Literal('tet'), Type.Literal('substitute'), Type.Literal('official')],
    {
      description:
        'holiday: ngày lễ; tet: Tết Nguyên đán; substitute: nghỉ bù; official: nghỉ theo quyết định hằng năm',
    },
  ),
});
const OverrideView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  date: IsoDate,
  kind: OverrideKind,
  name: Name,
  decision: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const OfficeHoursView = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
      description: 'ISO weekdays: 1 = thứ Hai … 7 = Chủ nhật',
    }),
    sessions: Type.Array(Type.Object({ start: Clock, end: Clock }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 4,
    }),
  },
  { additionalProperties: false },
);

const overrideView = (r: OverrideRow) => ({
  id: r.id,
  date: r.date,
  kind: r.kind,
  name: { vi: r.nameVi, en: r.nameEn },
  decision: r.decision,
  createdAt: r.createdAt.toISOString(),
});

/** A RangeError from the calendar code is the caller's bad input, reported on `field`. */
function badCalendarInput(err: unknown, field: string): never {
  if (err instanceof RangeError) {
    throw problems.badRequest(
      { vi: 'Dữ liệu lịch làm việc không hợp lệ.', en: 'Invalid calendar data.' },
      {
        code: 'calendar-invalid',
        errors: [{ field, code: 'invalid', message: { vi: `Không hợp lệ: ${err.message}`, en: err.message } }],
      },
    );
  }
  throw err;
}

export async function calendarRoutes(app: App) {
  const { calendar } = app.ctx;

  app.get(
    '/api/calendar/holidays',
    {
      schema: {
        tags,
        summary: 'Ngày nghỉ lễ, Tết trong năm — public holidays of a year',
        description:
          'Ngày lễ theo Bộ luật Lao động 2019 (Tết và Giỗ Tổ tính theo âm lịch múi giờ UTC+7), cộng các quyết định hằng năm.',
        querystring: Type.Object({ year: Year }, { additionalProperties: false }),
        response: { 200: Type.Array(HolidayView), ...errorResponses(400) },
      },
    },
    async (req) => (await calendar.calendar()).holidays(req.query.year),
  );

  app.get(
    '/api/calendar/add',
    {
      schema: {
        tags,
        summary: 'Cộng ngày làm việc — add working days to an instant',
        description:
          'Thời điểm hết hạn khi tính `workingDays` ngày làm việc (bội số của 0,5) từ `from`, theo giờ hành chính, ngày lễ và ngày làm bù. ' +
          '`workingDays=0` là "giải quyết trong ngày": hết giờ làm việc của ngày tiếp nhận; nhận từ giờ `cutoff` (nếu có, ví dụ 15:00 với hộ tịch), sau giờ làm việc hoặc vào ngày nghỉ thì hết giờ làm việc của ngày làm việc kế tiếp. ' +
          'Kết quả luôn sau `from`. — The deadline `workingDays` working days (multiples of 0.5) after `from`. `workingDays=0` means within the day: the end of the working day of `from`, or of the next working day when `from` is at or after `cutoff`, after hours, or on a closed day; always after `from`.',
        querystring: Type.Object(
          {
            from: Type.String({
              format: 'date-time',
              description: 'ISO 8601 có múi giờ, e.g. 2026-02-13T09:00:00+07:00',
            }),
            workingDays: Type.Number({
              minimum: 0,
              maximum: 3650,
              multipleOf: 0.5,
              description: '0 = trong ngày (within the day)',
            }),
            cutoff: Type.Optional({
              ...Clock,
              description: 'Chỉ với workingDays=0: giờ chốt nhận trong ngày, HH:MM giờ Việt Nam — same-day cut-off',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String({ format: 'date-time' }),
            workingDays: Type.Number(),
            due: Type.String({ format: 'date-time' }),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const from = new Date(req.query.from);
      const due = dueAfter(await calendar.calendar(), from, {
        processingDays: req.query.workingDays,
        processingCutoff: req.query.cutoff ?? null,
      });
      return { from: from.toISOString(), workingDays: req.query.workingDays, due: due.toISOString() };
    },
  );

  app.get(
    '/api/calendar/office-hours',
    {
      schema: { tags, summary: 'Giờ hành chính — office hours', response: { 200: OfficeHoursView } },
    },
    async () => readOfficeHours(app.ctx.db),
  );

  app.put(
    '/api/calendar/office-hours',
    {
      schema: {
        tags,
        summary: 'Sửa giờ hành chính — set office hours',
        body: OfficeHoursView,
        response: { 200: OfficeHoursView, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      // One working calendar counts every deadline of the province: only the province may change it.
      await requirePermission(req, 'calendar.manage', PROVINCE);
      await transact(req, async (tx, audit) => {
        await writeOfficeHours(tx, req.body, req.principal!.accountId).catch((e: unknown) =>
          badCalendarInput(e, '/body/sessions'),
        );
        await audit({
          action: 'calendar.office-hours.set',
          targetType: 'calendar',
          targetId: 'office_hours',
          details: { ...req.body },
        });
      });
      calendar.invalidate();
      return readOfficeHours(app.ctx.db);
    },
  );

  app.get(
    '/api/calendar/overrides',
    {
      schema: {
        tags,
        summary: 'Quyết định nghỉ, làm bù hằng năm — official overrides',
        querystring: Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(OverrideView) }), ...errorResponses(400) },
      },
    },
    async (req) => ({ items: (await listOverrides(app.ctx.db, req.query.year)).map(overrideView) }),
  );

  app.post(
    '/api/calendar/overrides',
    {
      schema: {
        tags,
        summary: 'Thêm ngày nghỉ hoặc ngày làm bù — add an official override',
        body: Type.Object(
          {
            date: IsoDate,
            kind: OverrideKind,
            name: Name,
            decision: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: OverrideView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      await requirePermission(req, 'calendar.manage', PROVINCE);
      const row = await transact(req, async (tx, audit) => {
        const r = await insertOverride(tx, req.body, req.principal!.accountId).catch((e: unknown) => {
          const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
          if (code === '23505')
            throw problems.conflict(
              {
                vi: `Ngày ${req.body.date} đã có quyết định; hãy xoá quyết định cũ trước.`,
                en: `${req.body.date} already has an override; delete it first.`,
              },
              { code: 'override-exists' },
            );
          return badCalendarInput(e, '/body/date');
        });
        await audit({
          action: 'calendar.override.add',
          targetType: 'calendar-override',
          targetId: r.id,
          details: { date: r.date, kind: r.kind, decision: r.decision },
        });
        return r;
      });
      calendar.invalidate();
      return reply.code(201).send(overrideView(row));
    },
  );

  app.delete(
    '/api/calendar/overrides/:id',
    {
      schema: {
        tags,
        summary: 'Xoá một quyết định — delete an override',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await requirePermission(req, 'calendar.manage', PROVINCE);
      await transact(req, async (tx, audit) => {
        const r = await deleteOverride(tx, req.params.id);
        if (!r) throw problems.notFound({ vi: 'quyết định nghỉ/làm bù', en: 'Calendar override' });
        await audit({
          action: 'calendar.override.delete',
          targetType: 'calendar-override',
          targetId: r.id,
          details: { date: r.date, kind: r.kind, name: r.nameVi },
        });
      });
      calendar.invalidate();
      return reply.code(204).send(null);
    },
  );
}
