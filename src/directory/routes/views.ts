import { Type, type TSchema } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { problems, PROVINCE, ROLES, type Target, StringEnum } from '../../platform/index.js';
import {
  AGENCY_LEVELS,
  UNIT_EVENT_KINDS,
  UNIT_STATUSES,
  UNIT_TYPES,
  type AdminUnit,
  type AdminUnitEvent,
  type Agency,
} from '../schema.js';
import { clearAgencyBriefs } from '../agency-briefs.js';
import type { DirectoryScopes } from '../scopes.js';

/** Schemas and mappers shared by the directory routes. */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });

export const UnitTypeSchema = StringEnum(UNIT_TYPES, {
  description: 'tinh, thanh_pho_trung_uong, huyen, quan, thi_xa, thanh_pho_thuoc_tinh, xa, phuong, thi_tran, dac_khu',
});
export const AgencyLevelSchema = StringEnum(AGENCY_LEVELS);
/** Official unit codes are digits (2 province, 3 district, 5 commune); demo data may use a `D…` code. */
export const UnitCode = Type.String({
  pattern: '^[0-9A-Z]{1,12}$',
  description: 'Mã đơn vị hành chính — official unit code',
});

export const UnitView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: UnitTypeSchema,
  level: Type.Integer({ minimum: 1, maximum: 3, description: '1 tỉnh, 2 huyện, 3 xã — province, district, commune' }),
  parentId: Nullable(Type.String()),
  status: StringEnum(UNIT_STATUSES),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  successorId: Nullable(Type.String()),
  demo: Type.Boolean(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  locationDemo: Type.Boolean({ description: 'the point is an approximate centre' }),
});

export const UnitRef = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: UnitTypeSchema,
  level: Type.Integer(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});

export const EventView = Type.Object({
  id: Type.String(),
  kind: StringEnum(UNIT_EVENT_KINDS),
  effective: Type.String(),
  legalBasis: Nullable(Type.String()),
  fromUnitIds: Type.Array(Type.String()),
  toUnitIds: Type.Array(Type.String()),
  from: Type.Array(UnitRef),
  to: Type.Array(UnitRef),
  note: Nullable(Type.String()),
  demo: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const UnitDetail = Type.Intersect([
  UnitView,
  Type.Object({ path: Type.Array(UnitRef), history: Type.Array(EventView) }),
]);

export const AgencyView = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'Mã định danh điện tử (QĐ 20/2020/QĐ-TTg)' }),
  key: Nullable(Type.String()),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  level: AgencyLevelSchema,
  parentId: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  demo: Type.Boolean(),
  active: Type.Boolean(),
});

export const GrantInput = Type.Object(
  {
    role: StringEnum(ROLES),
    scopeKind: StringEnum(['agency', 'unit', 'none'] as const),
    scopeId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  },
  { additionalProperties: false },
);

export const GrantView = Type.Object({
  id: Type.String(),
  role: StringEnum(ROLES),
  scopeKind: StringEnum(['agency', 'unit', 'none'] as const),
  scopeId: Nullable(Type.String()),
  scopeName: Nullable(Type.String()),
});

export const PersonView = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  agencyId: Nullable(Type.String()),
  position: Nullable(Type.String()),
  disabled: Type.Boolean(),
  grants: Type.Array(GrantView),
});

export const unitView = (u: AdminUnit) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  type: u.type,
  level: u.level,
  parentId: u.parentId,
  status: u.status,
  validFrom: u.validFrom,
  validTo: u.validTo,
  successorId: u.successorId,
  demo: u.demo,
  lat: u.lat,
  lng: u.lng,
  locationDemo: u.locationDemo,
});

export const unitRef = (u: AdminUnit) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  type: u.type,
  level: u.level,
  validFrom: u.validFrom,
  validTo: u.validTo,
});

export const eventView = (e: AdminUnitEvent, units: Map<string, AdminUnit>) => ({
  id: e.id,
  kind: e.kind,
  effective: e.effective,
  legalBasis: e.legalBasis,
  fromUnitIds: e.fromUnitIds,
  toUnitIds: e.toUnitIds,
  from: e.fromUnitIds.flatMap((id) => (units.has(id) ? [unitRef(units.get(id)!)] : [])),
  to: e.toUnitIds.flatMap((id) => (units.has(id) ? [unitRef(units.get(id)!)] : [])),
  note: e.note,
  demo: e.demo,
  createdAt: e.createdAt.toISOString(),
});

export const agencyView = (a: Agency) => ({
  id: a.id,
  code: a.code,
  key: a.key,
  name: a.name,
  shortName: a.shortName,
  level: a.level,
  parentId: a.parentId,
  unitId: a.unitId,
  demo: a.demo,
  active: a.active,
});

/** After a write, permission checks must see the new hierarchy at once. */
export function invalidateScopes(req: FastifyRequest) {
  (req.server.ctx.scopes as Partial<DirectoryScopes>).invalidate?.();
  clearAgencyBriefs();
}

/**
 * The scope a grant applies to, as a permission target; a grant without scope (a citizen's) is
 * judged by `unscoped`, the scope of the person it is given to.
 */
export const grantTarget = (
  g: { scopeKind: 'agency' | 'unit' | 'none'; scopeId?: string | null },
  unscoped: Target,
): Target =>
  g.scopeKind === 'agency' && g.scopeId
    ? { agencyId: g.scopeId }
    : g.scopeKind === 'unit' && g.scopeId
      ? { unitId: g.scopeId }
      : unscoped;

/** A person or record of an agency is judged in that agency; one of no agency belongs to the province. */
export const agencyTarget = (agencyId: string | null | undefined): Target => (agencyId ? { agencyId } : PROVINCE);

/** A unit's record is judged in its parent unit when it has one (creating a commune is the province's act), else the province. */
export const unitTarget = (unitId: string | null | undefined): Target => (unitId ? { unitId } : PROVINCE);

/**
 * A unique index that a concurrent request beat us to is a conflict, not a server error.
 * Drizzle wraps the driver's error; both PGlite and node-postgres carry SQLSTATE in `code`.
 */
export function conflictOnUnique(err: unknown): never {
  const e = err as { code?: string; cause?: { code?: string; constraint?: string }; constraint?: string };
  const code = e.code ?? e.cause?.code;
  if (code === '23505') {
    throw problems.conflict(
      { vi: 'Dữ liệu trùng với một bản ghi đã có.', en: 'This duplicates an existing record.' },
      { code: 'duplicate', extra: { constraint: e.constraint ?? e.cause?.constraint } },
    );
  }
  throw err;
}
