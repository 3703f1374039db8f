/**
 * The catalog and its datasets as DCAT-AP (2.x) RDF, the way ckanext-dcat's euro_dcat_ap profile maps a CKAN
 * package: the graph is built from terms with n3's data factory, then written by the libraries (n3 for Turtle,
 * jsonld for JSON-LD, rdflib for RDF/XML), never by joining strings.
 */
import crypto from 'node:crypto';
import { DataFactory, Writer, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import type { DatasetBundle } from '../catalog.js';
import { downloadUrl } from '../ckan/shapes.js';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  locn: 'http://www.w3.org/ns/locn#',
} as const;

const n = (prefix: keyof typeof NS, local: string) => namedNode(`${NS[prefix]}${local}`);
const RDF_TYPE = n('rdf', 'type');
const dateTime = (d: Date | string) => literal(new Date(d).toISOString(), n('xsd', 'dateTime'));
const date = (d: string) => literal(d, n('xsd', 'date'));

/** The EU frequency vocabulary (ckanext-dcat maps `frequency` there too). */
const FREQUENCY: Record<string, string> = {
  continuous: 'CONT',
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  annual: 'ANNUAL',
  irregular: 'IRREG',
  never: 'NEVER',
};
const FORMAT_MEDIA: Record<string, string> = {
  CSV: 'text/csv',
  JSON: 'application/json',
  GEOJSON: 'application/geo+json',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  XML: 'application/xml',
  PDF: 'application/pdf',
  ZIP: 'application/zip',
};

export const datasetUri = (publicUrl: string, id: string) => `${publicUrl}/dataset/${id}`;

export function datasetQuads(publicUrl: string, b: DatasetBundle): Quad[] {
  const d = b.dataset;
  const out: Quad[] = [];
  const s = namedNode(datasetUri(publicUrl, d.id));
  const add = (subj: Quad_Subject, p: ReturnType<typeof namedNode>, o: Quad_Object) => out.push(quad(subj, p, o));
  add(s, RDF_TYPE, n('dcat', 'Dataset'));
  add(s, n('dct', 'identifier'), literal(d.id));
  add(s, n('adms', 'identifier'), literal(d.name));
  add(s, n('dct', 'title'), literal(d.titleVi, 'vi'));
  if (d.titleEn) add(s, n('dct', 'title'), literal(d.titleEn, 'en'));
  if (d.notesVi) add(s, n('dct', 'description'), literal(d.notesVi, 'vi'));
  if (d.notesEn) add(s, n('dct', 'description'), literal(d.notesEn, 'en'));
  for (const t of d.tags) add(s, n('dcat', 'keyword'), literal(t, 'vi'));
  add(s, n('dct', 'issued'), dateTime(d.publishedAt ?? d.createdAt));
  add(s, n('dct', 'modified'), dateTime(d.modifiedAt));
  add(s, n('dcat', 'landingPage'), namedNode(`${publicUrl}/opendata/datasets/${d.name}`));
  add(
    s,
    n('dct', 'accrualPeriodicity'),
    namedNode(`http://publications.europa.eu/resource/authority/frequency/${FREQUENCY[d.frequency] ?? 'UNKNOWN'}`),
  );
  add(s, n('dct', 'language'), namedNode('http://publications.europa.eu/resource/authority/language/VIE'));
  const publisher = namedNode(`${publicUrl}/organization/${b.agency.id}`);
  add(s, n('dct', 'publisher'), publisher);
  add(publisher, RDF_TYPE, n('foaf', 'Organization'));
  add(publisher, n('foaf', 'name'), literal(b.agency.name, 'vi'));
  add(publisher, n('dct', 'identifier'), literal(b.agency.code));
  const contact = blankNode();
  add(s, n('dcat', 'contactPoint'), contact);
  add(contact, RDF_TYPE, n('vcard', 'Organization'));
  add(contact, n('vcard', 'fn'), literal(b.agency.name, 'vi'));
  if (d.temporalStart || d.temporalEnd) {
    const period = blankNode();
    add(s, n('dct', 'temporal'), period);
    add(period, RDF_TYPE, n('dct', 'PeriodOfTime'));
    if (d.temporalStart) add(period, n('dcat', 'startDate'), date(d.temporalStart));
    if (d.temporalEnd) add(period, n('dcat', 'endDate'), date(d.temporalEnd));
  }
  for (const code of d.spatialUnits) {
    const place = namedNode(`${publicUrl}/api/directory/units/code/${encodeURIComponent(code)}`);
    add(s, n('dct', 'spatial'), place);
    add(place, RDF_TYPE, n('dct', 'Location'));
    add(place, n('skos', 'notation'), literal(code));
  }
  for (const g of b.groups) {
    const theme = namedNode(`${publicUrl}/group/${g.name}`);
    add(s, n('dcat', 'theme'), theme);
    add(theme, n('skos', 'prefLabel'), literal(g.titleVi, 'vi'));
  }
  const licence = b.licence ? namedNode(b.licence.url) : null;
  if (licence && b.licence) {
    add(licence, RDF_TYPE, n('dct', 'LicenseDocument'));
    add(licence, n('dct', 'title'), literal(b.licence.titleVi, 'vi'));
  }
  for (const r of b.resources) {
    const dist = namedNode(`${publicUrl}/dataset/${d.id}/resource/${r.id}`);
    add(s, n('dcat', 'distribution'), dist);
    add(dist, RDF_TYPE, n('dcat', 'Distribution'));
    add(dist, n('dct', 'title'), literal(r.name, 'vi'));
    if (r.description) add(dist, n('dct', 'description'), literal(r.description, 'vi'));
    const url = namedNode(r.url ?? downloadUrl(publicUrl, r));
    add(dist, n('dcat', 'accessURL'), url);
    if (!r.url) add(dist, n('dcat', 'downloadURL'), url);
    add(dist, n('dct', 'format'), literal(r.format));
    const media = r.latest?.mimetype ?? FORMAT_MEDIA[r.format.toUpperCase()];
    if (media) add(dist, n('dcat', 'mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${media}`));
    if (licence) add(dist, n('dct', 'license'), licence);
    add(dist, n('dct', 'issued'), dateTime(r.createdAt));
    add(dist, n('dct', 'modified'), dateTime(r.latest?.createdAt ?? r.modifiedAt));
    if (r.latest) {
      add(dist, n('dcat', 'byteSize'), literal(String(r.latest.size), n('xsd', 'nonNegativeInteger')));
      const sum = blankNode();
      add(dist, n('spdx', 'checksum'), sum);
      add(sum, RDF_TYPE, n('spdx', 'Checksum'));
      add(sum, n('spdx', 'algorithm'), n('spdx', 'checksumAlgorithm_sha256'));
      add(sum, n('spdx', 'checksumValue'), literal(r.latest.sha256, n('xsd', 'hexBinary')));
    }
  }
  return out;
}

export interface Paging {
  page: number;
  perPage: number;
  total: number;
  /** The catalog's address for a page in the requested format. */
  pageUrl: (page: number) => string;
}

export function catalogQuads(
  publicUrl: string,
  bundles: DatasetBundle[],
  paging: Paging,
  modified: Date | null,
): Quad[] {
  const out: Quad[] = [];
  const c = namedNode(publicUrl);
  out.push(quad(c, RDF_TYPE, n('dcat', 'Catalog')));
  out.push(quad(c, n('dct', 'title'), literal('Cổng dữ liệu mở — Tỉnh số', 'vi')));
  out.push(quad(c, n('dct', 'title'), literal('Open data portal — Tỉnh số', 'en')));
  out.push(quad(c, n('dct', 'description'), literal('Dữ liệu mở của các cơ quan trong tỉnh.', 'vi')));
  out.push(quad(c, n('foaf', 'homepage'), namedNode(`${publicUrl}/opendata`)));
  out.push(quad(c, n('dct', 'language'), namedNode('http://publications.europa.eu/resource/authority/language/VIE')));
  if (modified) out.push(quad(c, n('dct', 'modified'), dateTime(modified)));
  for (const b of bundles) {
    out.push(quad(c, n('dcat', 'dataset'), namedNode(datasetUri(publicUrl, b.dataset.id))));
    out.push(...datasetQuads(publicUrl, b));
  }
  // ckanext-dcat's paging: the page's own address as a hydra:PagedCollection.
  const last = Math.max(1, Math.ceil(paging.total / paging.perPage));
  const pageNode = namedNode(paging.pageUrl(paging.page));
  out.push(quad(pageNode, RDF_TYPE, n('hydra', 'PagedCollection')));
  out.push(quad(pageNode, n('hydra', 'totalItems'), literal(String(paging.total), n('xsd', 'integer'))));
  out.push(quad(pageNode, n('hydra', 'itemsPerPage'), literal(String(paging.perPage), n('xsd', 'integer'))));
  out.push(quad(pageNode, n('hydra', 'firstPage'), literal(paging.pageUrl(1))));
  out.push(quad(pageNode, n('hydra', 'lastPage'), literal(paging.pageUrl(last))));
  if (paging.page < last) out.push(quad(pageNode, n('hydra', 'nextPage'), literal(paging.pageUrl(paging.page + 1))));
  if (paging.page > 1) out.push(quad(pageNode, n('hydra', 'previousPage'), literal(paging.pageUrl(paging.page - 1))));
  return out;
}

export const FORMATS = {
  jsonld: 'application/ld+json',
  ttl: 'text/turtle',
  rdf: 'application/rdf+xml',
  xml: 'application/rdf+xml',
} as const;
export type RdfFormat = keyof typeof FORMATS;

function writeN3(quads: Quad[], format: 'Turtle' | 'N-Quads'): Promise<string> {
  const prefixes = format === 'Turtle' ? { ...NS } : undefined;
  const w = new Writer({ format, prefixes });
  w.addQuads(quads);
  return new Promise((resolve, reject) => w.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

/** The JSON-LD context: the same prefixes, so that keys read as dcat:Dataset, dct:title… */
const CONTEXT = { ...NS };

export async function serialize(quads: Quad[], format: RdfFormat, base: string): Promise<string> {
  if (format === 'ttl') return writeN3(quads, 'Turtle');
  if (format === 'jsonld') {
    const { default: jsonld } = await import('jsonld');
    const expanded = await jsonld.fromRDF(await writeN3(quads, 'N-Quads'), { format: 'application/n-quads' });
    return JSON.stringify(await jsonld.compact(expanded, CONTEXT), null, 2);
  }
  // RDF/XML: rdflib's serializer over a store holding the same triples.
  // rdflib writes a typed blank node nested with parseType="Resource", which turns its type into a property: blank
  // nodes become skolem IRIs (RDF 1.1 §3.5) here, and every node is written at the top level.
  const $rdf = await import('rdflib');
  const store = $rdf.graph();
  const genid = `${base}/.well-known/genid/${crypto.randomUUID()}-`;
  const term = (t: Quad['subject'] | Quad['object']) =>
    t.termType === 'NamedNode'
      ? $rdf.sym(t.value)
      : t.termType === 'BlankNode'
        ? $rdf.sym(`${genid}${t.value}`)
        : $rdf.literal(
            t.value,
            (t as { language?: string }).language || $rdf.sym((t as { datatype: { value: string } }).datatype.value),
          );
  for (const q of quads) store.add(term(q.subject) as never, $rdf.sym(q.predicate.value), term(q.object) as never);
  for (const [p, uri] of Object.entries(NS)) store.setPrefixForURI(p, uri);
  // No base: rdflib would write every address relative to it, and the document carries no xml:base.
  return new Promise((resolve, reject) =>
    $rdf.serialize(null, store, undefined, 'application/rdf+xml', (err, out) =>
      err ? reject(err) : resolve(out ?? ''),
    ),
  );
}
