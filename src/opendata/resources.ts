/**
 * A resource's bytes and versions. Each upload is a new version with its sha-256, size and date; the latest is
 * served. CSV and JSON tables also fill the DataStore so that datastore_search and the preview can read them.
 */
import crypto from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { problems, type Executor, type Files } from '../platform/index.js';
import {
  opendataBlobs,
  opendataResources,
  opendataResourceVersions,
  type Resource,
  type ResourceVersion,
  type FieldType,
} from './schema.js';
import { coerceRecords, defineDatastore, replaceRows, type FieldSpec } from './datastore.js';
import { allRows, datastoreFields } from './datastore.js';
import { scanRows, scanText, type Finding } from './privacy.js';

/** Formats a resource may have, with the type its stored bytes are served as. */
export const FORMATS: Record<string, string> = {
  CSV: 'text/csv',
  JSON: 'application/json',
  GEOJSON: 'application/geo+json',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  XML: 'application/xml',
  PDF: 'application/pdf',
  ZIP: 'application/zip',
  API: 'application/json',
};
/** Formats whose bytes are stored here (the rest are links). */
export const UPLOAD_FORMATS = ['CSV', 'JSON', 'GEOJSON', 'XLSX'] as const;
export const canonicalFormat = (f: string) =>
  f.trim().toUpperCase() === 'GEOJSON' ? 'GeoJSON' : f.trim().toUpperCase();

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export async function latestVersion(ex: Executor, resourceId: string): Promise<ResourceVersion | null> {
  const [v] = await ex
    .select()
    .from(opendataResourceVersions)
    .where(eq(opendataResourceVersions.resourceId, resourceId))
    .orderBy(sql`${opendataResourceVersions.version} DESC`)
    .limit(1);
  return v ?? null;
}

/** Checks bytes against their declared format: a CSV must read as CSV, a JSON as JSON, GeoJSON as a FeatureCollection, XLSX as a workbook. */
export function checkContent(
  format: string,
  data: Buffer,
): { table?: { fields: FieldSpec[]; records: Record<string, unknown>[] } } {
  const f = format.toUpperCase();
  const bad = (vi: string, en: string) => problems.unsupported({ vi, en }, { code: 'resource-type' });
  if (f === 'XLSX') {
    if (!(data[0] === 0x50 && data[1] === 0x4b))
      throw bad('Tệp không phải bảng tính XLSX.', 'The file is not an XLSX workbook.');
    return {};
  }
  const text = data.toString('utf8');
  if (text.includes('\u0000')) throw bad('Tệp không phải văn bản.', 'The file is not text.');
  if (f === 'CSV') {
    let rows: string[][];
    try {
      rows = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
    } catch {
      throw bad('Tệp không đọc được như CSV.', 'The file does not read as CSV.');
    }
    if (!rows.length) throw bad('Tệp CSV trống.', 'The CSV file is empty.');
    return { table: tableOf(rows[0]!, rows.slice(1)) };
  }
  if (f === 'JSON' || f === 'GEOJSON') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw bad('Tệp không phải JSON hợp lệ.', 'The file is not valid JSON.');
    }
    if (f === 'GEOJSON' && (doc as { type?: unknown })?.type !== 'FeatureCollection')
      throw bad('GeoJSON phải là một FeatureCollection.', 'GeoJSON must be a FeatureCollection.');
    if (
      f === 'JSON' &&
      Array.isArray(doc) &&
      doc.length &&
      doc.every((r) => r && typeof r === 'object' && !Array.isArray(r))
    ) {
      const keys = [...new Set(doc.flatMap((r: object) => Object.keys(r)))];
      return {
        table: tableOf(
          keys,
          doc.map((r: Record<string, unknown>) =>
            keys.map((k) => (r[k] === undefined || r[k] === null ? '' : String(r[k]))),
          ),
        ),
      };
    }
    return {};
  }
  throw bad(
    `Không lưu được tệp định dạng ${format}; hãy dùng đường dẫn.`,
    `Files of format ${format} are not stored; give a link.`,
  );
}

/** A header and string rows as a typed table: a column is int or numeric when every value reads so. */
function tableOf(header: string[], rows: string[][]): { fields: FieldSpec[]; records: Record<string, unknown>[] } {
  const ids = header.map(
    (h, i) =>
      h
        .trim()
        .replace(/[^A-Za-z0-9_]+/g, '_')
        .replace(/^[^A-Za-z]+/, '') || `col${i + 1}`,
  );
  const typeOf = (i: number): FieldType => {
    const vals = rows.map((r) => r[i] ?? '').filter((v) => v !== '');
    if (vals.length && vals.every((v) => /^-?\d{1,15}$/.test(v) && !/^0\d/.test(v))) return 'int';
    if (vals.length && vals.every((v) => /^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v))) return 'numeric';
    return 'text';
  };
  const fields = ids.map((id, i) => ({
    id,
    type: typeOf(i),
    info: id !== header[i] ? { label_vi: header[i]! } : undefined,
  }));
  const records = rows.map((r) => Object.fromEntries(fields.map((f, i) => [f.id, r[i] ?? ''])));
  return { fields, records };
}

/**
 * Stores a new version of a resource's bytes (checked against its format) and, for a table, refills its DataStore.
 * XLSX goes to the platform's file store; text formats stay in opendata_blobs.
 */
export async function addVersion(
  tx: Executor,
  files: Files | null,
  resource: Resource,
  data: Buffer,
  by: string | null,
  maxBytes: number,
): Promise<ResourceVersion> {
  if (data.length > maxBytes)
    throw problems.tooLarge(
      { vi: `Tệp vượt quá ${maxBytes} byte.`, en: `The file exceeds ${maxBytes} bytes.` },
      { code: 'file-too-large' },
    );
  if (!data.length)
    throw problems.unsupported({ vi: 'Tệp trống.', en: 'The file is empty.' }, { code: 'resource-type' });
  const format = resource.format.toUpperCase();
  const { table } = checkContent(format, data);
  const hash = sha256(data);
  let fileSha256: string | null = null;
  if (format === 'XLSX') {
    if (!files) throw new Error('addVersion: an XLSX resource needs the file store');
    const blob = await files.put(data, { allowedTypes: [FORMATS.XLSX!], maxBytes });
    await files.record(tx, blob, { accountId: by, filename: `${resource.name}.xlsx` });
    fileSha256 = blob.sha256;
  } else {
    await tx.insert(opendataBlobs).values({ sha256: hash, content: data }).onConflictDoNothing();
  }
  const prev = await latestVersion(tx, resource.id);
  const [v] = await tx
    .insert(opendataResourceVersions)
    .values({
      resourceId: resource.id,
      version: (prev?.version ?? 0) + 1,
      sha256: hash,
      size: data.length,
      mimetype: FORMATS[format] ?? 'application/octet-stream',
      fileSha256,
      createdBy: by,
    })
    .returning();
  if (table) {
    const fields = await defineDatastore(tx, resource.id, table.fields);
    await replaceRows(tx, resource.id, coerceRecords(fields, table.records));
  }
  await tx
    .update(opendataResources)
    .set({ modifiedAt: new Date(), datastoreActive: Boolean(table) || resource.datastoreActive })
    .where(eq(opendataResources.id, resource.id));
  return v!;
}

/** The bytes of a version: from opendata_blobs, or verified from the file store. */
export async function versionBytes(ex: Executor, files: Files | null, v: ResourceVersion): Promise<Buffer> {
  if (v.fileSha256) {
    if (!files) throw new Error('versionBytes: a stored file needs the file store');
    // Straight from the store (verified against the sha-256 there): files.readFile would read its record outside
    // the caller's transaction, which on PGlite waits for that transaction to end.
    const data = await files.store.get(v.fileSha256);
    if (!data) throw problems.notFound({ vi: 'nội dung tài nguyên', en: 'Resource content' });
    return data;
  }
  const [b] = await ex.select().from(opendataBlobs).where(eq(opendataBlobs.sha256, v.sha256));
  if (!b) throw problems.notFound({ vi: 'nội dung tài nguyên', en: 'Resource content' });
  return Buffer.from(b.content);
}

/** The privacy findings of one resource: its stored bytes (every cell of a workbook) and its DataStore rows. */
export async function scanResource(ex: Executor, files: Files | null, r: Resource): Promise<Finding[]> {
  const at = `${r.name} (${r.id})`;
  const out: Finding[] = [...scanText(`${r.name}\n${r.description}`, at)];
  const v = await latestVersion(ex, r.id);
  if (v) {
    const data = await versionBytes(ex, files, v);
    if (v.fileSha256) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(data as unknown as ArrayBuffer);
      wb.eachSheet((ws) =>
        ws.eachRow((row, n) =>
          row.eachCell((c) => out.push(...scanText(String(c.text ?? ''), `${at} ${ws.name}!${n}`))),
        ),
      );
    } else out.push(...scanText(data.toString('utf8'), at));
  }
  if ((await datastoreFields(ex, r.id)).length) out.push(...scanRows(await allRows(ex, r.id), at));
  return out;
}
