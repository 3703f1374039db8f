/** Types and query keys of the directory (units, agencies, people) as the app uses them. */
import type { Localized } from '../i18n/index.js';
import type { Grant, Role } from '../auth/roles.js';

export interface Unit {
  id: string;
  code: string;
  name: Localized;
  type: string;
  level: number | string;
  parentId: string | null;
  status: string;
  validFrom: string | null;
  validTo: string | null;
  successorId?: string | null;
  demo?: boolean;
  lat?: number | null;
  lng?: number | null;
  locationDemo?: boolean;
}

/** A unit as named inside another record (a path step, one side of a history event). */
export interface UnitRef {
  id: string;
  code: string;
  name: string;
  type: string;
  level: number;
  validFrom: string;
  validTo: string | null;
}

/** One change in a unit's life: created, renamed, moved, merged, split or dissolved, with its date and legal basis. */
export interface UnitEvent {
  id: string;
  kind: 'merge' | 'rename' | 'split' | 'create' | 'dissolve' | 'reparent';
  effective: string;
  legalBasis: string | null;
  fromUnitIds: string[];
  toUnitIds: string[];
  from: UnitRef[];
  to: UnitRef[];
  note: string | null;
  demo: boolean;
  createdAt: string;
}

export interface UnitDetail extends Unit {
  path: UnitRef[];
  history: UnitEvent[];
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  level: string | number | null;
  parentId: string | null;
  unitId: string | null;
  demo?: boolean;
  active?: boolean;
}

/** A grant as the directory lists it: with its id, so it can be revoked. */
export interface PersonGrant extends Grant {
  id: string;
  role: Role;
}

export interface Person {
  id: string;
  accountId?: string;
  username: string;
  displayName: string;
  email: string | null;
  phone?: string | null;
  agencyId?: string | null;
  position?: string | null;
  disabled?: boolean;
  grants: PersonGrant[];
}

export interface Page<T> {
  items: T[];
  total?: number;
}

export interface OfficeHours {
  /** ISO weekdays: 1 Monday … 7 Sunday. */
  days: number[];
  sessions: { start: string; end: string }[];
}

export const keys = {
  units: (parentId: string | null) => ['directory', 'units', parentId ?? 'roots'] as const,
  /** Any list of units by filter (search, type, status, date). */
  unitList: (params: Record<string, unknown>) => ['directory', 'units', 'list', params] as const,
  unit: (id: string) => ['directory', 'unit', id] as const,
  allUnits: ['directory', 'units'] as const,
  allUnitDetails: ['directory', 'unit'] as const,
  agencies: (params: Record<string, unknown>) => ['directory', 'agencies', 'list', params] as const,
  agency: (id: string) => ['directory', 'agencies', 'detail', id] as const,
  allAgencies: ['directory', 'agencies'] as const,
  people: (params: Record<string, unknown>) => ['directory', 'people', 'list', params] as const,
  person: (id: string) => ['directory', 'people', 'detail', id] as const,
  allPeople: ['directory', 'people'] as const,
  officeHours: ['calendar', 'office-hours'] as const,
};
