import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hueUnits } from '../seed/index.js';
import { buildHueCells } from './data.js';
import { UNITS_GEOJSON, insideProvince, locateUnit } from './index.js';
import { clipHalfPlane, haversineMetres, pointInRing } from './polygon.js';
import { testServer, type TestServer } from '../../platform/testing/index.js';

describe('point in polygon', () => {
  const square: [number, number][] = [
    [0, 0],
    [2, 0],
    [2, 2],
    [0, 2],
    [0, 0],
  ];
  it('tells inside from outside, including for a concave ring', () => {
    expect(pointInRing(1, 1, square)).toBe(true);
    expect(pointInRing(3, 1, square)).toBe(false);
    const l: [number, number][] = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
    ];
    expect(pointInRing(0.5, 1.5, l)).toBe(true);
    expect(pointInRing(1.5, 1.5, l)).toBe(false);
  });
  it('clips a ring to a half-plane', () => {
    const left = clipHalfPlane(square, 1, 0, 1);
    expect(left.every(([x]) => x <= 1)).toBe(true);
    expect(pointInRing(0.5, 1, left)).toBe(true);
    expect(pointInRing(1.5, 1, left)).toBe(false);
  });
  it('measures a known distance: one degree of latitude is about 111.2 km', () => {
    expect(haversineMetres(16, 107, 17, 107)).toBeGreaterThan(111_000);
    expect(haversineMetres(16, 107, 17, 107)).toBeLessThan(111_300);
  });
});

describe('Huế boundaries (demo)', () => {
  it('ships what the generator produces, one demo feature per unit', () => {
    expect(UNITS_GEOJSON).toEqual(buildHueCells());
    expect(UNITS_GEOJSON.features).toHaveLength(40);
    for (const f of UNITS_GEOJSON.features) expect(f.properties.demo).toBe(true);
  });

  it('locates every unit’s centroid in that unit', () => {
    for (const u of hueUnits.after2025.units) expect(locateUnit(u.lat!, u.lng!), u.name).toBe(u.code);
  });

  it('gives a point in the old citadel to Phú Xuân and one by the Perfume River’s south bank to Thuận Hóa', () => {
    expect(locateUnit(16.4698, 107.5786)).toBe('19753');
    expect(locateUnit(16.4585, 107.5925)).toBe('19789');
  });

  it('finds points at sea and in neighbouring provinces outside', () => {
    expect(insideProvince(16.7, 107.8)).toBe(false); // the East Sea off Thuận An
    expect(locateUnit(16.7, 107.8)).toBeNull();
    expect(locateUnit(16.0544, 108.2022)).toBeNull(); // Đà Nẵng
    expect(locateUnit(16.8163, 107.1003)).toBeNull(); // Đông Hà, Quảng Trị
    expect(locateUnit(21.0285, 105.8542)).toBeNull(); // Hà Nội
    expect(locateUnit(Number.NaN, 107.6)).toBeNull();
  });

  it('gives every point of a grid inside the province exactly one unit', () => {
    for (let lat = 15.9; lat <= 16.85; lat += 0.037) {
      for (let lng = 106.9; lng <= 108.25; lng += 0.041) {
        const unit = locateUnit(lat, lng);
        expect(unit !== null).toBe(insideProvince(lat, lng));
      }
    }
  });
});

describe('GET /api/geo', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('serves the unit boundaries to anyone as GeoJSON', async () => {
    const r = await s.anonymous.get('/api/geo/units.geojson');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/geo\+json/);
    const body = r.json() as { type: string; features: unknown[] };
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(40);
    expect((await s.anonymous.get('/api/geo/province.geojson')).json().geometry.type).toBe('Polygon');
  });

  it('locates a point, and says when it is outside', async () => {
    expect((await s.anonymous.get('/api/geo/locate?lat=16.4698&lng=107.5786')).json()).toEqual({
      inside: true,
      unitCode: '19753',
    });
    expect((await s.anonymous.get('/api/geo/locate?lat=16.7&lng=107.8')).json()).toEqual({
      inside: false,
      unitCode: null,
    });
    expect((await s.anonymous.get('/api/geo/locate?lat=abc&lng=107.8')).statusCode).toBe(400);
  });
});
