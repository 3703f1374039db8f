import { describe, expect, it } from 'vitest';
import { loadConfig, mapOrigins } from './config.js';

describe('the base map configuration (MAP_*)', () => {
  it('is empty without configuration: boundaries only, nothing more admitted by the CSP', () => {
    const c = loadConfig({});
    expect(c.map).toEqual({ tiles: undefined, geocoderUrl: undefined, centre: undefined });
    expect(mapOrigins(c.map)).toEqual({ img: [], connect: [] });
  });

  it('reads tiles, attribution, geocoder and centre, and admits exactly their hosts', () => {
    const c = loadConfig({
      MAP_TILES_URL: 'https://{s}.tiles.example.vn/osm/{z}/{x}/{y}.png',
      MAP_TILES_ATTRIBUTION: '© OpenStreetMap',
      MAP_TILES_MAX_ZOOM: '18',
      MAP_GEOCODER_URL: 'https://geo.example.vn:8443/search',
      MAP_CENTER: '16.46, 107.59',
      MAP_ZOOM: '11',
    });
    expect(c.map.tiles).toEqual({
      url: 'https://{s}.tiles.example.vn/osm/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap',
      maxZoom: 18,
      subdomains: 'abc',
    });
    expect(c.map.centre).toEqual({ lat: 16.46, lng: 107.59, zoom: 11 });
    expect(mapOrigins(c.map)).toEqual({
      img: ['https://*.tiles.example.vn'],
      connect: ['https://geo.example.vn:8443'],
    });
  });

  it('leaves out what is malformed instead of guessing', () => {
    const c = loadConfig({
      MAP_TILES_URL: 'https://tiles.example.vn/tile.png',
      MAP_GEOCODER_URL: 'javascript:alert(1)',
      MAP_CENTER: '200,1',
    });
    expect(c.map).toEqual({ tiles: undefined, geocoderUrl: undefined, centre: undefined });
  });
});
