import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { checkStyle, notAdmitted, styleOrigins } from './style-hosts.js';
import { loadConfig } from '../../platform/index.js';

describe("a vector style's hosts", () => {
  it('are those of its sources, sprites and glyphs, resolved against the style', () => {
    const style = {
      version: 8,
      sources: {
        omt: { type: 'vector', url: 'https://tiles.example.vn/planet' },
        raster: { type: 'raster', tiles: ['https://a.img.example.vn/{z}/{x}/{y}.png'] },
        local: { type: 'geojson', data: 'data/roads.geojson' },
        inline: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
        hosted: { type: 'vector', url: 'mapbox://mapbox.streets' },
      },
      sprite: [{ id: 'default', url: 'https://sprites.example.vn/liberty' }],
      glyphs: 'https://fonts.example.vn:8443/{fontstack}/{range}.pbf',
    };
    expect(styleOrigins(style, 'https://maps.example.vn/styles/liberty.json').sort()).toEqual([
      'https://a.img.example.vn',
      'https://fonts.example.vn:8443',
      'https://maps.example.vn',
      'https://sprites.example.vn',
      'https://tiles.example.vn',
    ]);
    expect(styleOrigins({ sprite: 'https://s.example.vn/x' }, 'https://m.example.vn/s.json')).toEqual([
      'https://s.example.vn',
    ]);
    expect(styleOrigins('not a style', 'https://m.example.vn/s.json')).toEqual([]);
  });

  it('are checked against the CSP host sources, wildcards included', () => {
    const admitted = ['https://maps.example.vn', 'https://*.example.vn', 'http://127.0.0.1:8080'];
    expect(
      notAdmitted(
        [
          'https://maps.example.vn',
          'https://a.img.example.vn',
          'https://fonts.example.vn:8443',
          'https://example.vn',
          'http://127.0.0.1:8080',
          'http://127.0.0.1:9090',
        ],
        admitted,
      ),
    ).toEqual(['https://fonts.example.vn:8443', 'https://example.vn', 'http://127.0.0.1:9090']);
  });

  it('are read once at start, and the operator is told which to add and that a credit line is missing', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: 8, sources: { t: { type: 'vector', url: 'https://tiles.example.vn/v' } } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/style.json`;
    const warned: string[] = [];
    const log = { warn: (_o: unknown, msg: string) => void warned.push(msg) } as unknown as FastifyBaseLogger;
    try {
      await checkStyle(loadConfig({ MAP_STYLE_URL: url }).map, log);
      expect(warned).toEqual([
        expect.stringMatching(/add them to MAP_STYLE_HOSTS: https:\/\/tiles\.example\.vn$/),
        expect.stringMatching(/MAP_STYLE_ATTRIBUTION/),
      ]);
      warned.length = 0;
      const admitted = { MAP_STYLE_URL: url, MAP_STYLE_HOSTS: 'https://tiles.example.vn', MAP_STYLE_ATTRIBUTION: '©' };
      await checkStyle(loadConfig(admitted).map, log);
      expect(warned).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
