import { clipHalfPlane, type Ring } from './polygon.js';

export interface Site {
  code: string;
  name: string;
  type: string;
  lat: number;
  lng: number;
}

export interface UnitFeature {
  type: 'Feature';
  properties: { code: string; name: string; type: string; demo: true; source: string; centroid: [number, number] };
  geometry: { type: 'Polygon'; coordinates: Ring[] };
}

export interface UnitCollection {
  type: 'FeatureCollection';
  properties: { provinceCode: string; demo: true; note: string };
  features: UnitFeature[];
}

const SOURCE =
  'demo: Voronoi cell of the demo centroid, clipped to the demo province outline (src/directory/geo/generate.ts)';
const round = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * Demo boundaries (ranh giới minh hoạ): each unit gets the part of the province nearer to its
 * centroid than to any other centroid. Distances are measured with longitude scaled by cos(latitude)
 * so cells are not stretched east–west. Deterministic: same input, same output.
 */
export function unitCells(sites: Site[], outline: Ring, provinceCode: string): UnitCollection {
  const meanLat = sites.reduce((s, p) => s + p.lat, 0) / sites.length;
  const k2 = Math.cos((meanLat * Math.PI) / 180) ** 2;
  const open =
    outline.length > 1 && outline[0]![0] === outline.at(-1)![0] && outline[0]![1] === outline.at(-1)![1]
      ? outline.slice(0, -1)
      : outline;
  const features = sites.map((s): UnitFeature => {
    let cell: Ring = open.map((p) => [p[0], p[1]]);
    for (const o of sites) {
      if (o === s) continue;
      // Points nearer to s than to o: a·lng + b·lat ≤ c (the perpendicular bisector).
      const a = 2 * k2 * (o.lng - s.lng);
      const b = 2 * (o.lat - s.lat);
      const c = k2 * (o.lng ** 2 - s.lng ** 2) + (o.lat ** 2 - s.lat ** 2);
      cell = clipHalfPlane(cell, a, b, c);
      if (!cell.length) break;
    }
    const ring = cell
      .map((p): [number, number] => [round(p[0]), round(p[1])])
      .filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]);
    if (ring.length) ring.push([ring[0]![0], ring[0]![1]]);
    return {
      type: 'Feature',
      properties: { code: s.code, name: s.name, type: s.type, demo: true, source: SOURCE, centroid: [s.lng, s.lat] },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
  return {
    type: 'FeatureCollection',
    properties: {
      provinceCode,
      demo: true,
      note: 'Ranh giới minh hoạ, không phải ranh giới hành chính chính thức — demo boundaries, not the official ones. See src/directory/geo/SOURCES.md.',
    },
    features,
  };
}
