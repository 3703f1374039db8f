/**
 * GET /api/geo/basemap (public): what the web maps draw under their data and where they open — the configured raster
 * tiles and/or vector style with their attribution, whether an address search is offered, and the province's centre.
 * A browser with WebGL 2 draws the style when there is one, else the tiles; with neither, the maps draw the
 * administrative boundaries only (with the communes' names).
 */
import { Type } from 'typebox';
import type { App } from '../../platform/index.js';
import { PROVINCE_OUTLINE } from './data.js';
import { checkStyle } from './style-hosts.js';
import { isDemoInstallation } from '../../platform/index.js';

const Basemap = Type.Object({
  tiles: Type.Union([
    Type.Object({
      url: Type.String({ description: 'XYZ template: {z}/{x}/{y}, optionally {s}' }),
      attribution: Type.String(),
      maxZoom: Type.Integer(),
      subdomains: Type.String(),
    }),
    Type.Null(),
  ]),
  style: Type.Union([
    Type.Object({
      url: Type.String({
        description: 'MapLibre style JSON; drawn instead of the tiles where the browser has WebGL 2',
      }),
      attribution: Type.String({ description: "Credit line; empty: the style's sources' own" }),
    }),
    Type.Null(),
  ]),
  geocoder: Type.Union([
    Type.Object({ url: Type.String({ description: 'Nominatim-compatible search endpoint' }) }),
    Type.Null(),
  ]),
  centre: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number(), zoom: Type.Number() }), Type.Null()]),
});

/** The middle of the demo province's outline (its bounding box), where a map opens when nothing else says. */
function outlineCentre() {
  const lngs = PROVINCE_OUTLINE.ring.map((p) => p[0]!);
  const lats = PROVINCE_OUTLINE.ring.map((p) => p[1]!);
  return {
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
    lng: (Math.min(...lngs) + Math.max(...lngs)) / 2,
    zoom: 10,
  };
}

export async function basemapRoutes(app: App) {
  const { tiles, style, geocoderUrl, centre } = app.ctx.config.map;
  // Not awaited: a style server that is slow or down must not hold the start (it only costs a warning).
  if (style) app.addHook('onReady', async () => void checkStyle(app.ctx.config.map, app.log));
  app.get(
    '/api/geo/basemap',
    {
      schema: {
        tags: ['directory'],
        summary: 'Bản đồ nền và tâm bản đồ — the base map and where maps open',
        response: { 200: Basemap },
      },
    },
    async (_req, reply) => {
      // A configured centre wins; the demo province's outline gives one; another province without one has none (the
      // map then fits whatever boundaries it has, or shows Vietnam).
      const where = centre ?? ((await isDemoInstallation(app.ctx.db)) ? outlineCentre() : null);
      reply.header('cache-control', 'public, max-age=300');
      return {
        tiles: tiles ?? null,
        style: style ? { url: style.url, attribution: style.attribution } : null,
        geocoder: geocoderUrl ? { url: geocoderUrl } : null,
        centre: where,
      };
    },
  );
}
