import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  requirePermission,
  requireRoleFor,
  transact,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { todayVn } from '../dates.js';
import { changeUnitVersion, correctUnit, createUnit, mergeUnits } from '../unit-changes.js';
import {
  ancestorsOf,
  currentStructure,
  getUnit,
  LEVEL_OF,
  listUnits,
  unitHistory,
  unitsByIds,
  versionsOf,
} from '../units.js';
import { UNIT_STATUSES } from '../schema.js';
import {
  conflictOnUnique,
  eventView,
  Id,
  IdParams,
  invalidateScopes,
  IsoDate,
  Nullable,
  UnitCode,
  unitTarget,
  UnitDetail,
  UnitTypeSchema,
  UnitView,
  unitRef,
  unitView,
  EventView,
} from './views.js';

const tags = ['directory'];
const unitWord = { vi: 'đơn vị hành chính', en: 'Administrative unit' };

// The tree is at most three deep, so it is spelled out rather than made recursive (simpler for the serializer and OpenAPI).
const nodeFields = {
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  level: Type.Integer(),
  demo: Type.Boolean(),
};
const Leaf = Type.Object({ ...nodeFields, children: Type.Array(Type.Unknown(), { maxItems: 0 }) });
const Middle = Type.Object({ ...nodeFields, children: Type.Array(Leaf) });
const TreeNode = Type.Object({ ...nodeFields, children: Type.Array(Middle) });

const CreateUnitBody = Type.Object(
  {
    code: UnitCode,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: UnitTypeSchema,
    parentId: Type.Optional(Nullable(Id)),
    validFrom: Type.Optional(IsoDate),
    legalBasis: Type.Optional(Type.String({ maxLength: 300 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    demo: Type.Optional(Type.Boolean()),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  },
  { additionalProperties: false },
);

const PatchUnitBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: Type.Optional(UnitTypeSchema),
    code: Type.Optional(UnitCode),
    parentId: Type.Optional(Nullable(Id)),
    effective: Type.Optional(IsoDate),
    legalBasis: Type.Optional(Type.String({ maxLength: 300 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    demo: Type.Optional(Type.Boolean()),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    locationDemo: Type.Optional(Type.Boolean()),
  },
  {
    additionalProperties: false,
    description:
      'Với `effective`: đổi tên/loại/mã/cấp trên thành phiên bản mới, giữ lịch sử. Không có `effective`: sửa lỗi tại chỗ (tên, toạ độ, cờ demo). — With `effective`, a rename or move opens a new version; without it, corrections in place.',
  },
);

const MergeBody = Type.Object(
  {
    sourceIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    into: Type.Object(
      {
        code: UnitCode,
        name: Type.String({ minLength: 1, maxLength: 200 }),
        type: UnitTypeSchema,
        parentId: Type.Optional(Nullable(Id)),
        lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
        lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
        demo: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    effective: IsoDate,
    legalBasis: Type.String({ minLength: 1, maxLength: 300 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export async function unitRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/directory/units',
    {
      schema: {
        tags,
        summary: 'Danh sách đơn vị hành chính — administrative units (roots, children, search)',
        description:
          'Không có parentId và q: các tỉnh, thành phố có hiệu lực vào ngày asOf (mặc định hôm nay). — Without parentId and q: the provinces in force on asOf (default today).',
        querystring: Type.Object({
          parentId: Type.Optional(Id),
          level: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          asOf: Type.Optional(IsoDate),
          includeHistory: Type.Boolean({ default: false }),
          type: Type.Optional(UnitTypeSchema),
          status: Type.Optional(
            StringEnum(UNIT_STATUSES, {
              description:
                'Lọc theo trạng thái; khác `current` thì gồm cả phiên bản đã kết thúc — other than current implies includeHistory',
            }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 2000, default: 1000 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(UnitView) }), ...errorResponses(400) },
      },
    },
    async (req) => {
      const q = req.query;
      // Admin filters by type and status: a type fixes the level; an ended status needs the versions that ended.
      const level = (q.level ?? (q.type ? LEVEL_OF[q.type] : undefined)) as 1 | 2 | 3 | undefined;
      const filtered = q.type !== undefined || q.status !== undefined;
      const includeHistory = q.includeHistory || (q.status !== undefined && q.status !== 'current');
      const rows = await listUnits(db, {
        parentId: q.parentId,
        level,
        q: q.q,
        asOf: q.asOf,
        includeHistory,
        limit: filtered ? 2000 : q.limit,
      });
      const kept = filtered
        ? rows.filter((u) => (!q.type || u.type === q.type) && (!q.status || u.status === q.status)).slice(0, q.limit)
        : rows;
      return { items: kept.map(unitView) };
    },
  );

  app.get(
    '/api/directory/units/structure',
    {
      schema: {
        tags,
        summary:
          'Cơ cấu hành chính tại một ngày — the administrative tree on a date (3 levels before 1 July 2025, 2 after)',
        querystring: Type.Object({ asOf: Type.Optional(IsoDate), provinceId: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            asOf: Type.String(),
            levels: Type.Integer(),
            provinces: Type.Array(TreeNode),
            unplaced: Type.Array(Middle),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => currentStructure(db, req.query.asOf ?? todayVn(), { provinceId: req.query.provinceId }),
  );

  app.get(
    '/api/directory/units/:id',
    {
      schema: {
        tags,
        summary: 'Một đơn vị hành chính, với đường dẫn và lịch sử — a unit with its path and history',
        params: IdParams,
        querystring: Type.Object({ asOf: Type.Optional(IsoDate) }),
        response: { 200: UnitDetail, ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      const u = await getUnit(db, req.params.id);
      if (!u) throw problems.notFound(unitWord);
      const path = await ancestorsOf(db, u.id, req.query.asOf);
      const versions = await versionsOf(db, u.code);
      const events = await unitHistory(db, [u.id, ...versions.map((v) => v.id)]);
      const named = await unitsByIds(
        db,
        events.flatMap((e) => [...e.fromUnitIds, ...e.toUnitIds]),
      );
      return { ...unitView(u), path: path.map(unitRef), history: events.map((e) => eventView(e, named)) };
    },
  );

  app.post(
    '/api/directory/units',
    {
      schema: {
        tags,
        summary: 'Thêm đơn vị hành chính — create a unit (district or commune; provinces are national reference data)',
        body: CreateUnitBody,
        response: { 201: UnitView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'directory.unit.manage');
      const b = req.body;
      if (!b.parentId) {
        throw problems.forbidden(
          {
            vi: 'Tỉnh, thành phố là dữ liệu danh mục quốc gia, không thêm qua API.',
            en: 'Provinces are national reference data and cannot be added through the API.',
          },
          { code: 'province-reference-data' },
        );
      }
      if (!(await getUnit(db, b.parentId)))
        throw problems.invalidField(
          '/body/parentId',
          { vi: 'Không có đơn vị cấp trên này.', en: 'There is no such parent unit.' },
          'unknown',
        );
      await requirePermission(req, 'directory.unit.manage', { unitId: b.parentId });
      const unit = await transact(req, async (tx, audit) => {
        const { unit, event } = await createUnit(
          tx,
          {
            code: b.code,
            name: b.name,
            type: b.type,
            parentId: b.parentId,
            validFrom: b.validFrom ?? todayVn(),
            demo: b.demo,
            lat: b.lat,
            lng: b.lng,
          },
          { legalBasis: b.legalBasis, note: b.note },
        );
        await audit({
          action: 'directory.unit.create',
          targetType: 'admin_unit',
          targetId: unit.id,
          details: {
            code: unit.code,
            name: unit.name,
            type: unit.type,
            parentId: unit.parentId,
            validFrom: unit.validFrom,
            eventId: event.id,
          },
        });
        return unit;
      }).catch(conflictOnUnique);
      invalidateScopes(req);
      return reply.code(201).send(unitView(unit));
    },
  );

  app.patch(
    '/api/directory/units/:id',
    {
      schema: {
        tags,
        summary: 'Sửa, đổi tên, chuyển cấp trên — correct, rename or move a unit (history kept)',
        params: IdParams,
        body: PatchUnitBody,
        response: { 200: UnitView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'directory.unit.manage');
      const u = await getUnit(db, req.params.id);
      if (!u) throw problems.notFound(unitWord);
      // A unit is the record of the unit above it: a ward's administrator does not rename his own ward.
      await requirePermission(req, 'directory.unit.manage', unitTarget(u.parentId));
      const b = req.body;
      const versioned =
        (b.type !== undefined && b.type !== u.type) ||
        (b.code !== undefined && b.code !== u.code) ||
        (b.parentId !== undefined && b.parentId !== u.parentId);
      if (!b.effective && versioned) {
        throw problems.invalidField(
          '/body/effective',
          {
            vi: 'Đổi loại, mã hoặc đơn vị cấp trên cần ngày hiệu lực và căn cứ.',
            en: 'Changing the type, code or parent needs an effective date.',
          },
          'required',
        );
      }
      if (b.parentId && b.parentId !== u.parentId) {
        if (!(await getUnit(db, b.parentId)))
          throw problems.invalidField(
            '/body/parentId',
            { vi: 'Không có đơn vị cấp trên này.', en: 'There is no such parent unit.' },
            'unknown',
          );
        await requirePermission(req, 'directory.unit.manage', { unitId: b.parentId });
      }
      const result = await transact(req, async (tx, audit) => {
        if (b.effective) {
          const { unit, previous, events } = await changeUnitVersion(tx, u.id, {
            name: b.name,
            type: b.type,
            code: b.code,
            parentId: b.parentId,
            effective: b.effective,
            legalBasis: b.legalBasis,
            note: b.note,
            demo: b.demo,
          });
          const fix = { lat: b.lat, lng: b.lng, locationDemo: b.locationDemo };
          const next = Object.values(fix).some((v) => v !== undefined) ? await correctUnit(tx, unit.id, fix) : unit;
          await audit({
            action: events.some((e) => e.kind === 'rename') ? 'directory.unit.rename' : 'directory.unit.reparent',
            targetType: 'admin_unit',
            targetId: next.id,
            details: {
              previousId: previous.id,
              effective: b.effective,
              legalBasis: b.legalBasis ?? null,
              from: { name: previous.name, type: previous.type, code: previous.code, parentId: previous.parentId },
              to: { name: next.name, type: next.type, code: next.code, parentId: next.parentId },
              eventIds: events.map((e) => e.id),
            },
          });
          return next;
        }
        const patch = { name: b.name, lat: b.lat, lng: b.lng, demo: b.demo, locationDemo: b.locationDemo };
        const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        if (!Object.keys(fields).length)
          throw problems.badRequest({ vi: 'Không có thay đổi nào.', en: 'Nothing changes.' }, { code: 'no-change' });
        const next = await correctUnit(tx, u.id, fields);
        const changes = Object.fromEntries(
          Object.keys(fields).map((k) => [
            k,
            { from: (u as Record<string, unknown>)[k], to: (next as Record<string, unknown>)[k] },
          ]),
        );
        await audit({
          action: 'directory.unit.correct',
          targetType: 'admin_unit',
          targetId: u.id,
          details: { changes },
        });
        return next;
      }).catch(conflictOnUnique);
      invalidateScopes(req);
      return unitView(result);
    },
  );

  app.post(
    '/api/directory/units/merge',
    {
      schema: {
        tags,
        summary: 'Sáp nhập đơn vị — merge units into a new one (sources closed, history kept)',
        body: MergeBody,
        response: {
          201: Type.Object({ unit: UnitView, sources: Type.Array(UnitView), event: EventView }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'directory.unit.manage');
      const b = req.body;
      const found = await unitsByIds(db, b.sourceIds);
      for (const [i, id] of b.sourceIds.entries()) {
        const s = found.get(id);
        if (!s)
          throw problems.invalidField(
            `/body/sourceIds/${i}`,
            { vi: 'Không có đơn vị này.', en: 'There is no such unit.' },
            'unknown',
          );
        if (s.level === 1)
          throw problems.forbidden(
            {
              vi: 'Sáp nhập tỉnh, thành phố là dữ liệu danh mục quốc gia.',
              en: 'Merging provinces is national reference data.',
            },
            { code: 'province-reference-data' },
          );
        await requirePermission(req, 'directory.unit.manage', unitTarget(s.parentId));
      }
      if (b.into.parentId && !(await getUnit(db, b.into.parentId)))
        throw problems.invalidField(
          '/body/into/parentId',
          { vi: 'Không có đơn vị cấp trên này.', en: 'There is no such parent unit.' },
          'unknown',
        );
      // Where the merged unit goes is judged too (omitted: it stays under the sources' parent, checked above).
      if (b.into.parentId !== undefined)
        await requirePermission(req, 'directory.unit.manage', unitTarget(b.into.parentId));
      const result = await transact(req, async (tx, audit) => {
        const r = await mergeUnits(tx, b.sourceIds, b.into, {
          effective: b.effective,
          legalBasis: b.legalBasis,
          note: b.note,
        });
        await audit({
          action: 'directory.unit.merge',
          targetType: 'admin_unit',
          targetId: r.unit.id,
          details: {
            sourceIds: b.sourceIds,
            sources: r.sources.map((s) => ({ code: s.code, name: s.name })),
            into: { code: r.unit.code, name: r.unit.name, type: r.unit.type, parentId: r.unit.parentId },
            effective: b.effective,
            legalBasis: b.legalBasis,
            eventId: r.event.id,
          },
        });
        return r;
      }).catch(conflictOnUnique);
      invalidateScopes(req);
      const named = await unitsByIds(db, [...result.event.fromUnitIds, ...result.event.toUnitIds]);
      return reply
        .code(201)
        .send({
          unit: unitView(result.unit),
          sources: result.sources.map(unitView),
          event: eventView(result.event, named),
        });
    },
  );
}
