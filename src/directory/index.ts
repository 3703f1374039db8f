/**
 * Directory (danh mục): administrative units with their history, agencies, people and their grants.
 * Other modules use only what this file exports.
 */
import type { App, Executor } from '../platform/index.js';
import { DirectoryScopes } from './scopes.js';
import { unitRoutes } from './routes/units.js';
import { agencyRoutes } from './routes/agencies.js';
import { peopleRoutes } from './routes/people.js';
import { nameDirectoryAuditTargets } from './audit-names.js';

export {
  adminUnits,
  adminUnitEvents,
  agencies,
  people,
  UNIT_TYPES,
  UNIT_STATUSES,
  UNIT_EVENT_KINDS,
  AGENCY_LEVELS,
} from './schema.js';
export type {
  AdminUnit,
  AdminUnitEvent,
  Agency,
  Person,
  UnitType,
  UnitStatus,
  UnitEventKind,
  AgencyLevel,
} from './schema.js';
export { REFORM_2025, todayVn, type IsoDate } from './dates.js';
export {
  LEVEL_OF,
  getUnit,
  unitByCode,
  listUnits,
  childrenOf,
  ancestorsOf,
  pathOf,
  resolveAt,
  unitSubtreeIds,
  unitHistory,
  versionsOf,
  currentStructure,
  type Structure,
  type TreeNode,
  type UnitQuery,
} from './units.js';
export {
  createUnit,
  changeUnitVersion,
  renameUnit,
  reparentUnit,
  mergeUnits,
  dissolveUnit,
  correctUnit,
} from './unit-changes.js';
export {
  AGENCY_CODE,
  listAgencies,
  getAgency,
  agencyByCode,
  agencyByKey,
  agencyAncestorIds,
  createAgency,
  updateAgency,
} from './agencies.js';
export {
  listPeople,
  getPerson,
  personByAccount,
  createPerson,
  updatePerson,
  addPersonGrant,
  removePersonGrant,
  addProfile,
  type PersonView,
  type GrantView,
} from './people.js';
export { DirectoryScopes } from './scopes.js';
export { assignableFor, AssignableSchema, type Assignable } from './assignable.js';
export { agencyBriefs, clearAgencyBriefs, type AgencyBrief } from './agency-briefs.js';
export {
  seedProvinces,
  seedHue,
  seedHueUnits,
  seedHueAgencies,
  buildProvinces,
  scopeLookup as directoryScopeLookup,
  DEMO_AGENCY_KEYS,
} from './seeders.js';

/** The scope resolver backed by the directory's tables, for `ctx.scopes`. */
export const directoryScopes = (db: Executor) => new DirectoryScopes(db);

/** The directory's HTTP API under /api/directory. */
export async function directoryRoutes(app: App) {
  nameDirectoryAuditTargets(app);
  await unitRoutes(app);
  await agencyRoutes(app);
  await peopleRoutes(app);
}
export {
  PROVINCES_2025,
  findProvince,
  loadProvince,
  provinceTitle,
  type ProvinceEntry,
  type Province2025,
  type Commune2025,
} from './provinces/data.js';
export { seedProvince2025, type SeededProvince } from './provinces/seed-province.js';
export { PROVINCE_AGENCIES } from './provinces/agencies.js';
export {
  locateUnit,
  insideProvince,
  insideVietnam,
  haversineMetres,
  geoRoutes,
  UNITS_GEOJSON,
  PROVINCE_CODE,
  type UnitCollection,
  type UnitFeature,
} from './geo/index.js';
