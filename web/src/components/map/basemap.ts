import { useQuery } from '@tanstack/react-query';
import * as L from 'leaflet';
import type { FeatureCollection } from 'geojson';
import { api } from '../../api/client.js';

interface RasterTiles {
  url: string;
  attribution: string;
  maxZoom: number;
  subdomains: string;
}

/** GET /api/geo/basemap: the configured base map (MAP_TILES_URL, MAP_STYLE_URL…) and where maps open. */
interface BasemapAnswer {
  tiles: RasterTiles | null;
  style: { url: string; attribution: string } | null;
  geocoder: { url: string } | null;
  centre: { lat: number; lng: number; zoom: number } | null;
}

/**
 * The base map this browser draws: `tiles` is the raster tiles or the vector style (which wins where both are
 * configured), or null — boundaries only, with the communes' names. A vector style needs WebGL 2: without it the
 * raster tiles are drawn if configured, else nothing, so that the maps' "names or tiles" choice stays true.
 */
export interface Basemap {
  tiles: ({ kind: 'raster' } & RasterTiles) | { kind: 'style'; url: string; attribution: string } | null;
  geocoder: { url: string } | null;
  centre: { lat: number; lng: number; zoom: number } | null;
}

export function useBasemap() {
  return useQuery({
    queryKey: ['geo', 'basemap'],
    queryFn: async ({ signal }): Promise<Basemap> => {
      const { tiles, style, geocoder, centre } = await api<BasemapAnswer>('/api/geo/basemap', { signal });
      const drawn =
        style && hasWebGL2()
          ? ({ kind: 'style', ...style } as const)
          : tiles
            ? ({ kind: 'raster', ...tiles } as const)
            : null;
      return { tiles: drawn, geocoder, centre };
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Whether MapLibre can draw here (it asks for WebGL 2 only); the test context is released at once. */
function hasWebGL2(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return !!gl;
  } catch {
    return false;
  }
}

/** Vietnam, where a map opens when the province gives no centre and no boundary. */
export const VIETNAM: L.LatLngBoundsExpression = [
  [8.4, 102.1],
  [23.4, 109.5],
];

/**
 * Puts the configured base map under the map, with its attribution (a licence condition of every tile service);
 * nothing when none is configured. Returns the layer so that the caller can remove it.
 */
export function addBaseLayer(map: L.Map, basemap: Basemap | undefined): L.Layer | null {
  if (!basemap?.tiles) return null;
  if (!map.attributionControl) map.addControl(L.control.attribution({ prefix: false }));
  if (basemap.tiles.kind === 'style') return addStyleLayer(map, basemap.tiles.url, basemap.tiles.attribution);
  const { url, attribution, maxZoom, subdomains } = basemap.tiles;
  const layer = L.tileLayer(url, { attribution, maxZoom, subdomains, crossOrigin: false, className: 'maptiles' });
  layer.addTo(map);
  layer.bringToBack();
  return layer;
}

/**
 * A vector style, drawn by MapLibre: its code (about 1.7 MB with its worker) is fetched only now, on a page that shows a
 * map of a province that configured a style. The group stands in for the layer until then, so that the caller can
 * remove it at any time; if the code cannot be loaded the map keeps its boundaries.
 */
function addStyleLayer(map: L.Map, url: string, attribution: string): L.Layer {
  const group = L.layerGroup().addTo(map);
  import('./vector-style.js')
    .then(({ vectorStyleLayer }) => {
      if (map.hasLayer(group)) group.addLayer(vectorStyleLayer(url, attribution));
    })
    .catch((err: unknown) => console.warn('base map style not drawn', err));
  return group;
}

/**
 * The communes' names written on the map at their centre (when the map has no tiles to name places), shown from the
 * zoom at which they no longer overlap much.
 */
export function addUnitLabels(map: L.Map, geo: FeatureCollection, minZoom = 8): L.LayerGroup {
  const group = L.layerGroup();
  for (const f of geo.features) {
    const p = f.properties as { name?: string; centroid?: [number, number] } | null;
    if (!p?.name || !p.centroid) continue;
    const [lng, lat] = p.centroid;
    // A tooltip's content is set as text, never as markup: names are administrators' text.
    const tip = L.tooltip({ permanent: true, direction: 'center', className: 'maplabel', interactive: false });
    tip.setContent(document.createTextNode(p.name) as unknown as HTMLElement).setLatLng([lat, lng]);
    group.addLayer(tip);
  }
  const sync = () => (map.getZoom() >= minZoom ? group.addTo(map) : group.remove());
  map.on('zoomend', sync);
  sync();
  return group;
}

/** Text compared without accents or case: "hue" finds "Huế", "phu xuan" finds "Phú Xuân". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

export interface Place {
  label: string;
  lat: number;
  lng: number;
  /** South-west and north-east corners when the place is an area. */
  bounds?: [[number, number], [number, number]];
}

/** Communes whose name contains the text, from the boundaries the map has loaded. */
export function searchUnits(geo: FeatureCollection | undefined, text: string, limit = 6): Place[] {
  const q = fold(text);
  if (!geo || q.length < 2) return [];
  const out: Place[] = [];
  for (const f of geo.features) {
    const p = f.properties as { name?: string; centroid?: [number, number] } | null;
    if (!p?.name || !p.centroid || !fold(p.name).includes(q)) continue;
    const b = L.geoJSON(f).getBounds();
    out.push({
      label: p.name,
      lat: p.centroid[1],
      lng: p.centroid[0],
      bounds: b.isValid()
        ? [
            [b.getSouth(), b.getWest()],
            [b.getNorth(), b.getEast()],
          ]
        : undefined,
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** An address typed in, looked up with the configured geocoder (Nominatim's /search protocol), within Vietnam. */
export async function searchAddress(
  geocoderUrl: string,
  text: string,
  lang: string,
  signal?: AbortSignal,
): Promise<Place[]> {
  const u = new URL(geocoderUrl);
  u.searchParams.set('q', text);
  u.searchParams.set('format', 'jsonv2');
  u.searchParams.set('limit', '5');
  u.searchParams.set('countrycodes', 'vn');
  u.searchParams.set('accept-language', lang);
  const res = await fetch(u, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`geocoder ${res.status}`);
  const items = (await res.json()) as { display_name?: string; lat?: string; lon?: string }[];
  return items
    .map((x) => ({ label: String(x.display_name ?? ''), lat: Number(x.lat), lng: Number(x.lon) }))
    .filter((x) => x.label && Number.isFinite(x.lat) && Number.isFinite(x.lng));
}
