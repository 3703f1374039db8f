/** Plane geometry on [lng, lat] rings, enough for point-in-polygon and for generating demo cells. */
export type Position = [number, number];
export type Ring = Position[];

/** Ray casting (even–odd rule); a ring may be open or closed. */
export function pointInRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A GeoJSON Polygon's coordinates: the outer ring, then holes. */
export function pointInPolygon(lng: number, lat: number, rings: Ring[]): boolean {
  if (!rings[0] || !pointInRing(lng, lat, rings[0])) return false;
  return !rings.slice(1).some((hole) => pointInRing(lng, lat, hole));
}

/**
 * Keeps the part of `ring` where a·x + b·y ≤ c (Sutherland–Hodgman against one half-plane).
 * Works for a concave subject too; a part cut in two stays one ring joined along the cut line.
 */
export function clipHalfPlane(ring: Ring, a: number, b: number, c: number): Ring {
  const out: Ring = [];
  const inside = (p: Position) => a * p[0] + b * p[1] <= c;
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i]!;
    const prev = ring[(i + ring.length - 1) % ring.length]!;
    const ci = inside(cur);
    const pi = inside(prev);
    if (ci !== pi) {
      const t = (c - a * prev[0] - b * prev[1]) / (a * (cur[0] - prev[0]) + b * (cur[1] - prev[1]));
      out.push([prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])]);
    }
    if (ci) out.push(cur);
  }
  return out;
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function haversineMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
