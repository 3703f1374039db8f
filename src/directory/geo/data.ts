import { hueUnits } from '../seed/index.js';
import outlineJson from './hue-outline.json' with { type: 'json' };
import { unitCells, type UnitCollection } from './cells.js';
import type { Ring } from './polygon.js';

export const PROVINCE_OUTLINE = outlineJson as {
  provinceCode: string;
  name: string;
  demo: boolean;
  note: string;
  ring: Ring;
};

/** The demo cells of Huế's 40 communes and wards (from 1 July 2025), built from their demo centroids. */
export function buildHueCells(): UnitCollection {
  const sites = hueUnits.after2025.units.map((u) => ({
    code: u.code,
    name: u.name,
    type: u.type,
    lat: u.lat!,
    lng: u.lng!,
  }));
  return unitCells(sites, PROVINCE_OUTLINE.ring, hueUnits.provinceCode);
}
