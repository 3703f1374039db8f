/**
 * A vector style (MAP_STYLE_URL) names the hosts of its tiles, sprites and glyphs inside its JSON. The Content Security
 * Policy is built from the configuration alone (the style's own host and MAP_STYLE_HOSTS), so that what a browser may
 * reach never depends on whether another server answered when this one started. What the style itself names is read
 * once at start only to tell the operator which hosts it needs that are not admitted: otherwise the map would stay
 * blank with a CSP error in the browser's console only.
 */
import type { FastifyBaseLogger } from 'fastify';
import { mapOrigins, type MapConfig } from '../../platform/index.js';

/**
 * The origins a MapLibre style makes the browser fetch from: its sources' TileJSON (`url`), `tiles` and GeoJSON `data`,
 * its sprite(s) and glyphs, resolved against the style's own URL. Schemes a browser does not fetch over HTTP
 * (`mapbox://`, `pmtiles://`…) are left out. A TileJSON's own tile hosts are not followed.
 */
export function styleOrigins(style: unknown, styleUrl: string): string[] {
  const s = (style ?? {}) as {
    sources?: Record<string, { url?: unknown; tiles?: unknown; data?: unknown }>;
    sprite?: unknown;
    glyphs?: unknown;
  };
  const urls: unknown[] = [s.glyphs];
  for (const src of Object.values(s.sources ?? {})) {
    urls.push(src?.url, src?.data);
    if (Array.isArray(src?.tiles)) urls.push(...src.tiles);
  }
  if (Array.isArray(s.sprite)) urls.push(...s.sprite.map((x: { url?: unknown } | null) => x?.url));
  else urls.push(s.sprite);
  const out = new Set<string>();
  for (const u of urls) {
    if (typeof u !== 'string') continue;
    try {
      // Templates ({z}, {fontstack}, {range}…) are filled in with anything: only the origin is wanted.
      const url = new URL(u.replace(/\{[^}]*\}/g, '0'), styleUrl);
      if (url.protocol === 'https:' || url.protocol === 'http:') out.add(url.origin);
    } catch {
      // Not a URL (inline GeoJSON data is an object, skipped above): nothing fetched.
    }
  }
  return [...out];
}

/** The origins that none of the CSP host sources admits (`https://*.example.vn` admits its subdomains). */
export function notAdmitted(origins: string[], admitted: string[]): string[] {
  const sources = admitted.map((a) => {
    const m = /^(https?:)\/\/(\*\.)?([^:/]+)(?::(\d+))?$/i.exec(a);
    return m ? { scheme: m[1]!.toLowerCase(), wild: !!m[2], host: m[3]!.toLowerCase(), port: m[4] ?? '' } : null;
  });
  return origins.filter((o) => {
    const u = new URL(o);
    return !sources.some(
      (s) =>
        s &&
        s.scheme === u.protocol &&
        s.port === u.port &&
        (s.wild ? u.hostname.endsWith(`.${s.host}`) : u.hostname === s.host),
    );
  });
}

/**
 * Reads the configured style once and warns about what would break it in a browser: hosts the CSP does not admit, and
 * no credit line (MAP_STYLE_ATTRIBUTION unset and none in the style's sources). Never fails the start.
 */
export async function checkStyle(map: MapConfig, log: FastifyBaseLogger): Promise<void> {
  if (!map.style) return;
  const { url, attribution } = map.style;
  let style: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    style = await res.json();
  } catch (err) {
    log.warn({ url, err: String(err) }, 'MAP_STYLE_URL: the vector style could not be read; maps may show no base map');
    return;
  }
  const missing = notAdmitted(styleOrigins(style, url), mapOrigins(map).connect);
  if (missing.length)
    log.warn(
      { url, missing },
      `MAP_STYLE_URL: the style loads from hosts the Content Security Policy does not admit; add them to MAP_STYLE_HOSTS: ${missing.join(' ')}`,
    );
  const sources = Object.values((style as { sources?: Record<string, { attribution?: unknown }> }).sources ?? {});
  if (!attribution.trim() && !sources.some((s) => typeof s?.attribution === 'string' && s.attribution.trim()))
    log.warn({ url }, 'MAP_STYLE_URL: no credit line (MAP_STYLE_ATTRIBUTION), which map data licences require');
}
