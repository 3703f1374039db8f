/** Types and query keys of the directory (units, agencies, people) as the app uses them. */
import type { Localized } from '../i18n/index.js';
import type { Grant } from '../auth/roles.js';

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
  demo?: boolean;
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
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  grants: Grant[];
}

export interface Page<T> {
  items: T[];
  total?: number;
}

export const keys = {
  units: (parentId: string | null) => ['directory', 'units', parentId ?? 'roots'] as const,
  unit: (id: string) => ['directory', 'unit', id] as const,
  agencies: (params: Record<string, unknown>) => ['directory', 'agencies', 'list', params] as const,
  agency: (id: string) => ['directory', 'agencies', 'detail', id] as const,
  allAgencies: ['directory', 'agencies'] as const,
  people: (q: string) => ['directory', 'people', q] as const,
};
