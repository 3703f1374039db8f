/**
 * Where a point lies (định vị đơn vị hành chính): the province outline and its units' boundaries,
 * shipped as GeoJSON. The boundaries are demo (see SOURCES.md): good enough to route a report,
 * to be replaced by official ones when a province has them.
 */
import { Type } from 'typebox';
import { errorResponses, problems, type App, isDemoInstallation } from '../../platform/index.js';
import shipped from './hue-units.geo.json' with { type: 'json' };
import type { UnitCollection } from './cells.js';
import { PROVINCE_OUTLINE } from './data.js';
import { basemapRoutes } from './basemap.js';
import { haversineMetres, pointInPolygon, pointInRing, type Ring } from './polygon.js';

export { haversineMetres } from './polygon.js';
export type { UnitCollection, UnitFeature } from './cells.js';

export const UNITS_GEOJSON = shipped as unknown as UnitCollection;
export const PROVINCE_CODE = PROVINCE_OUTLINE.provinceCode;

/** Is the point inside the province's outline? */
export function insideProvince(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && pointInRing(lng, lat, PROVINCE_OUTLINE.ring);
}

/**
 * Is the point within Viet Nam's extent (the mainland and the islands, Hoàng Sa and Trường Sa included)? The check a
 * province without shapes makes: a place at sea or abroad is refused, the commune is chosen by routing or by hand.
 */
export function insideVietnam(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && lat >= 6 && lat <= 24 && lng >= 102 && lng <= 118;
}

/**
 * The code of the commune-level unit containing the point, or null outside the province.
 * A point inside the province that no cell contains (a rounding gap on a shared edge) goes to the
 * nearest centroid, so every point of the province has a unit.
 */
export function locateUnit(lat: number, lng: number): string | null {
  if (!insideProvince(lat, lng)) return null;
  const hit = UNITS_GEOJSON.features.find((f) => pointInPolygon(lng, lat, f.geometry.coordinates as Ring[]));
  if (hit) return hit.properties.code;
  let best: { code: string; d: number } | null = null;
  for (const f of UNITS_GEOJSON.features) {
    const [cLng, cLat] = f.properties.centroid;
    const d = haversineMetres(lat, lng, cLat, cLng);
    if (!best || d < best.d) best = { code: f.properties.code, d };
  }
  return best?.code ?? null;
}

/** GET /api/geo/units.geojson (public): the boundaries the web map draws; no tile server is needed. */
export async function geoRoutes(app: App) {
  await basemapRoutes(app);
  const body = JSON.stringify(UNITS_GEOJSON);
  const outline = JSON.stringify({
    type: 'Feature',
    properties: {
      code: PROVINCE_OUTLINE.provinceCode,
      name: PROVINCE_OUTLINE.name,
      demo: PROVINCE_OUTLINE.demo,
      note: PROVINCE_OUTLINE.note,
    },
    geometry: { type: 'Polygon', coordinates: [PROVINCE_OUTLINE.ring] },
  });
  const geojson = { 200: Type.Unsafe<string>({ type: 'object', description: 'GeoJSON' }), ...errorResponses(404) };
  const EMPTY = JSON.stringify({ type: 'FeatureCollection', features: [] });
  app.get(
    '/api/geo/units.geojson',
    {
      schema: {
        tags: ['directory'],
        summary: 'Ranh giới đơn vị hành chính cấp xã (minh hoạ) — commune boundaries as GeoJSON (demo)',
        response: geojson,
      },
    },
    async (_req, reply) => {
      // Huế's shapes are demo: only the demo installation serves them; another province has no licensed shapes (none).
      const demo = await isDemoInstallation(app.ctx.db);
      return reply
        .type('application/geo+json')
        .header('cache-control', 'public, max-age=300')
        .send(demo ? body : EMPTY);
    },
  );
  app.get(
    '/api/geo/province.geojson',
    {
      schema: {
        tags: ['directory'],
        summary: 'Đường bao tỉnh (minh hoạ) — province outline as GeoJSON (demo)',
        response: geojson,
      },
    },
    async (_req, reply) => {
      if (!(await isDemoInstallation(app.ctx.db)))
        throw problems.notFound({
          vi: 'đường bao tỉnh (chưa có nguồn được cấp phép)',
          en: 'Province outline (no licensed source)',
        });
      return reply.type('application/geo+json').header('cache-control', 'public, max-age=300').send(outline);
    },
  );
  app.get(
    '/api/geo/locate',
    {
      schema: {
        tags: ['directory'],
        summary: 'Điểm thuộc đơn vị nào — which unit contains a point',
        querystring: Type.Object({
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
        }),
        response: { 200: Type.Object({ inside: Type.Boolean(), unitCode: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (req) => {
      const unitCode = locateUnit(req.query.lat, req.query.lng);
      return { inside: unitCode !== null, unitCode };
    },
  );
}
