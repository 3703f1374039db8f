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

  it('reads a vector style, and admits its host and MAP_STYLE_HOSTS for fetches and images', () => {
    const c = loadConfig({
      MAP_STYLE_URL: 'https://maps.example.vn/styles/liberty.json?key=public',
      MAP_STYLE_ATTRIBUTION: '© OpenMapTiles © OpenStreetMap',
      MAP_STYLE_HOSTS: 'https://tiles.example.vn, https://*.fonts.example.vn:8443/glyphs/{fontstack}/{range}.pbf',
    });
    expect(c.map.style).toEqual({
      url: 'https://maps.example.vn/styles/liberty.json?key=public',
      attribution: '© OpenMapTiles © OpenStreetMap',
      hosts: ['https://tiles.example.vn', 'https://*.fonts.example.vn:8443'],
    });
    expect(c.map.tiles).toBeUndefined();
    const hosts = ['https://maps.example.vn', 'https://tiles.example.vn', 'https://*.fonts.example.vn:8443'];
    // MapLibre's worker is a script of this site: nothing like blob: is asked for.
    expect(mapOrigins(c.map)).toEqual({ img: hosts, connect: hosts });
  });

  it('keeps both a style and raster tiles (the tiles are for browsers without WebGL), admitting both', () => {
    const c = loadConfig({
      MAP_STYLE_URL: 'http://127.0.0.1:8080/style.json',
      MAP_TILES_URL: 'https://tiles.example.vn/{z}/{x}/{y}.png',
      MAP_GEOCODER_URL: 'https://geo.example.vn/search',
    });
    expect(c.map.style).toEqual({ url: 'http://127.0.0.1:8080/style.json', attribution: '', hosts: [] });
    expect(c.map.tiles?.url).toBe('https://tiles.example.vn/{z}/{x}/{y}.png');
    expect(mapOrigins(c.map)).toEqual({
      img: ['https://tiles.example.vn', 'http://127.0.0.1:8080'],
      connect: ['https://geo.example.vn', 'http://127.0.0.1:8080'],
    });
  });

  it('leaves out a style URL that is not http(s) and host words that are not origins', () => {
    expect(loadConfig({ MAP_STYLE_URL: 'mapbox://styles/x/y' }).map.style).toBeUndefined();
    expect(loadConfig({ MAP_STYLE_URL: 'https://' }).map.style).toBeUndefined();
    const c = loadConfig({
      MAP_STYLE_URL: 'https://maps.example.vn/style.json',
      // Words that would widen or break the policy if copied into it.
      MAP_STYLE_HOSTS:
        "* 'unsafe-eval' https://ok.example.vn;script-src blob: data: https://a.vn;x https://ok.example.vn",
    });
    expect(c.map.style?.hosts).toEqual(['https://ok.example.vn']);
  });
});
