/**
 * The DCAT-AP output parses back as RDF in all three formats, with one dcat:Dataset per published dataset, and
 * pages as ckanext-dcat does (hydra:PagedCollection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import jsonld from 'jsonld';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { NS } from './graph.js';

let s: TestServer;
let published: { id: string; name: string }[];
beforeAll(async () => {
  s = await testServer();
  const r = await s.anonymous.get('/api/3/action/package_search?rows=1000');
  published = (r.json() as { result: { results: { id: string; name: string }[] } }).result.results;
});
afterAll(async () => {
  await s?.close();
});

async function parse(format: string, body: string): Promise<Quad[]> {
  if (format === 'ttl') return new Parser({ format: 'text/turtle' }).parse(body);
  if (format === 'jsonld') {
    const nquads = (await jsonld.toRDF(JSON.parse(body) as object, {
      format: 'application/n-quads',
    })) as unknown as string;
    return new Parser({ format: 'application/n-quads' }).parse(nquads);
  }
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    const p = new RdfXmlParser({ baseIRI: 'http://localhost:3000/' });
    p.on('data', (q: Quad) => out.push(q));
    p.on('error', reject);
    p.on('end', () => resolve(out));
    p.write(body);
    p.end();
  });
}
const TYPE = `${NS.rdf}type`;
const datasetsIn = (quads: Quad[]) =>
  quads.filter((q) => q.predicate.value === TYPE && q.object.value === `${NS.dcat}Dataset`).map((q) => q.subject.value);

describe('DCAT-AP', () => {
  for (const format of ['jsonld', 'ttl', 'rdf', 'xml']) {
    it(`/catalog.${format} parses and holds a dcat:Dataset per published dataset`, async () => {
      const r = await s.anonymous.get(`/catalog.${format}`);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
      const quads = await parse(format, r.body);
      const ids = datasetsIn(quads);
      expect(ids.sort()).toEqual(published.map((p) => `http://localhost:3000/dataset/${p.id}`).sort());
      expect(quads.some((q) => q.predicate.value === TYPE && q.object.value === `${NS.dcat}Catalog`)).toBe(true);
      const total = quads.find((q) => q.predicate.value === `${NS.hydra}totalItems`);
      expect(Number(total?.object.value)).toBe(published.length);
      // Distributions carry their checksum and licence.
      expect(
        quads.some((q) => q.predicate.value === `${NS.spdx}checksumValue` && /^[0-9a-f]{64}$/.test(q.object.value)),
      ).toBe(true);
      expect(quads.some((q) => q.predicate.value === `${NS.dct}license`)).toBe(true);
    });
  }

  it('/dataset/{id}.{format} for each format; unknown, unpublished or past the last page is a 404/400', async () => {
    const one = published.find((p) => p.name === 'don-vi-hanh-chinh-va-co-quan')!;
    for (const format of ['jsonld', 'ttl', 'rdf']) {
      const r = await s.anonymous.get(`/dataset/${one.name}.${format}`);
      expect(r.statusCode).toBe(200);
      const quads = await parse(format, r.body);
      expect(datasetsIn(quads)).toEqual([`http://localhost:3000/dataset/${one.id}`]);
      expect(quads.filter((q) => q.predicate.value === `${NS.dcat}distribution`)).toHaveLength(3);
      expect(
        quads.some(
          (q) => q.predicate.value === `${NS.dct}title` && (q.object as { language?: string }).language === 'en',
        ),
      ).toBe(true);
    }
    expect((await s.anonymous.get('/dataset/khong-co.ttl')).statusCode).toBe(404);
    expect((await s.anonymous.get(`/dataset/${one.name}.exe`)).statusCode).toBe(404);
    expect((await s.anonymous.get('/catalog.ttl?page=99')).statusCode).toBe(400);
  });
});
