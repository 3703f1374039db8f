/**
 * CKAN's write actions for agencies' own tools (an API token in the Authorization header, as CKAN takes it):
 * package_create, package_update, package_patch, resource_create, datastore_create. Each is one transaction with
 * its audit row; each is judged on the dataset's agency, so an agency's token writes only its own datasets.
 * A new dataset starts as a draft: publishing goes through the agency leader's review and the privacy scan.
 */
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { problems, queryRows, requirePermission, transact, type Executor } from '../../platform/index.js';
import { datasetByIdOrName, loadBundles, resourceById } from '../catalog.js';
import { createDataset, updateDataset } from '../datasets.js';
import { appendRows, checkFieldSpecs, coerceRecords, datastoreFields, defineDatastore } from '../datastore.js';
import { addVersion, canonicalFormat, FORMATS, UPLOAD_FORMATS } from '../resources.js';
import { opendataResources, type Dataset } from '../schema.js';
import { notFound, validation } from './envelope.js';
import { packageInput } from './input.js';
import { packageDict, resourceDict } from './shapes.js';
import type { ActionContext, ActionFn } from './read-actions.js';

/** An uploaded file, when resource_create came as multipart (CKAN's `upload` field). */
export interface Upload {
  data: Buffer;
  filename: string | null;
}

const URL_RE = /^https?:\/\/[^\s]+$/i;

async function bundleDict(ex: Executor, c: ActionContext, d: Dataset) {
  const [b] = await loadBundles(ex, [d]);
  return packageDict(c.publicUrl, b!);
}

async function loadOwn(req: FastifyRequest, ex: Executor, idOrName: unknown): Promise<Dataset> {
  if (typeof idOrName !== 'string' || !idOrName) throw validation('id', 'Missing value');
  const d = await datasetByIdOrName(ex, idOrName);
  if (!d) throw notFound('Dataset');
  await requirePermission(req, 'opendata.manage', { agencyId: d.agencyId });
  return d;
}

/** Adds one resource: a link (`url`), or stored bytes (an upload, or `data` text for CSV/JSON/GeoJSON). */
async function addResource(
  c: ActionContext,
  tx: Executor,
  d: Dataset,
  p: Record<string, unknown>,
  upload: Upload | null,
) {
  const formatIn =
    typeof p.format === 'string' && p.format.trim() ? p.format : (upload?.filename?.split('.').pop() ?? '');
  const format = canonicalFormat(formatIn);
  if (!FORMATS[format.toUpperCase()])
    throw validation('format', `Unsupported format "${formatIn}" (known: ${Object.keys(FORMATS).join(', ')})`);
  const text = typeof p.data === 'string' ? Buffer.from(p.data, 'utf8') : null;
  const bytes = upload?.data ?? text;
  const url = typeof p.url === 'string' && p.url.trim() ? p.url.trim() : null;
  if (!bytes && !url) throw validation('url', 'Give a url, or upload a file');
  if (url && !bytes && !URL_RE.test(url)) throw validation('url', 'The url must be an http(s) address');
  if (bytes && !(UPLOAD_FORMATS as readonly string[]).includes(format.toUpperCase()))
    throw validation('format', `Files of format ${format} are not stored; give a link`);
  const name = typeof p.name === 'string' && p.name.trim() ? p.name.trim() : (upload?.filename ?? url ?? format);
  const [{ pos }] = (await queryRows<{ pos: number }>(
    tx,
    sql`SELECT coalesce(max(position) + 1, 0)::int AS pos FROM opendata_resources WHERE dataset_id = ${d.id}`,
  )) as [{ pos: number }];
  const [r] = await tx
    .insert(opendataResources)
    .values({
      datasetId: d.id,
      name: name.slice(0, 300),
      description: typeof p.description === 'string' ? p.description : '',
      format,
      url: bytes ? null : url,
      position: pos,
    })
    .returning();
  const by = c.req.principal?.accountId ?? null;
  if (bytes) await addVersion(tx, c.req.server.ctx.files, r!, bytes, by, c.req.server.ctx.config.upload.maxBytes);
  return (await resourceById(tx, r!.id))!;
}

export function writeActions(upload: (req: FastifyRequest) => Upload | null): Record<string, ActionFn> {
  // Permissions are checked before the transaction opens: the scope resolver reads the directory outside it.
  return {
    package_create: async (c) => {
      const input = await packageInput(c.db, c.params, null);
      await requirePermission(c.req, 'opendata.manage', { agencyId: input.agencyId });
      return transact(c.req, async (tx, audit) => {
        const d = await createDataset(tx, input, c.req.principal!.accountId);
        const resources = Array.isArray(c.params.resources) ? (c.params.resources as Record<string, unknown>[]) : [];
        for (const r of resources) await addResource(c, tx, d, r ?? {}, null);
        await audit({
          action: 'opendata.dataset.create',
          targetType: 'opendata_dataset',
          targetId: d.id,
          details: { name: d.name, resources: resources.length },
        });
        return bundleDict(tx, c, d);
      });
    },

    package_update: async (c) => {
      const before = await loadOwn(c.req, c.db, c.params.id ?? c.params.name);
      // package_update replaces the metadata: what is not sent returns to its default, as in CKAN.
      const input = await packageInput(c.db, { owner_org: before.agencyId, name: before.name, ...c.params }, null);
      if (input.agencyId !== before.agencyId)
        await requirePermission(c.req, 'opendata.manage', { agencyId: input.agencyId });
      return transact(c.req, async (tx, audit) => {
        const d = await updateDataset(tx, before, input, c.req.principal!.accountId);
        await audit({
          action: 'opendata.dataset.update',
          targetType: 'opendata_dataset',
          targetId: d.id,
          details: { name: d.name },
        });
        return bundleDict(tx, c, d);
      });
    },

    package_patch: async (c) => {
      const before = await loadOwn(c.req, c.db, c.params.id ?? c.params.name);
      const input = await packageInput(c.db, c.params, before);
      if (input.agencyId !== before.agencyId)
        await requirePermission(c.req, 'opendata.manage', { agencyId: input.agencyId });
      return transact(c.req, async (tx, audit) => {
        const d = await updateDataset(tx, before, input, c.req.principal!.accountId);
        await audit({
          action: 'opendata.dataset.update',
          targetType: 'opendata_dataset',
          targetId: d.id,
          details: { name: d.name, patched: Object.keys(c.params) },
        });
        return bundleDict(tx, c, d);
      });
    },

    resource_create: async (c) => {
      const d = await loadOwn(c.req, c.db, c.params.package_id);
      return transact(c.req, async (tx, audit) => {
        const r = await addResource(c, tx, d, c.params, upload(c.req));
        await tx.execute(sql`UPDATE opendata_datasets SET modified_at = now() WHERE id = ${d.id}`);
        await audit({
          action: 'opendata.resource.create',
          targetType: 'opendata_resource',
          targetId: r.id,
          details: { dataset: d.name, format: r.format },
        });
        const [b] = await loadBundles(tx, [d]);
        return resourceDict(
          c.publicUrl,
          b!.resources.find((x) => x.id === r.id)!,
        );
      });
    },

    /** CKAN's way to push a table: fields (on the first call) and records, appended. */
    datastore_create: async (c) => {
      const id = typeof c.params.resource_id === 'string' ? c.params.resource_id : null;
      const existing = id ? await resourceById(c.db, id) : null;
      if (id && !existing) throw notFound('Resource');
      const spec = (c.params.resource ?? null) as Record<string, unknown> | null;
      if (!existing && (!spec || typeof spec !== 'object')) throw validation('resource_id', 'Missing value');
      const d = await loadOwn(c.req, c.db, existing ? existing.datasetId : spec!.package_id);
      return transact(c.req, async (tx, audit) => {
        let r = existing;
        if (!r) {
          r = await addResource(c, tx, d, { ...spec, format: spec!.format ?? 'CSV', url: 'http://datastore' }, null);
          await tx.update(opendataResources).set({ url: null }).where(eq(opendataResources.id, r.id));
        }
        const list =
          c.params.fields !== undefined
            ? await defineDatastore(tx, r.id, checkFieldSpecs(c.params.fields))
            : await datastoreFields(tx, r.id);
        if (!list.length) throw validation('fields', 'Missing value');
        const records = c.params.records === undefined ? [] : coerceRecords(list, c.params.records);
        const n = await appendRows(tx, r.id, records);
        await tx
          .update(opendataResources)
          .set({ datastoreActive: true, modifiedAt: new Date() })
          .where(eq(opendataResources.id, r.id));
        await audit({
          action: 'opendata.datastore.create',
          targetType: 'opendata_resource',
          targetId: r.id,
          details: { dataset: d.name, records: n },
        });
        return { resource_id: r.id, fields: list.map((f) => ({ id: f.name, type: f.type })), method: 'insert' };
      });
    },
  };
}

export const tooLargeUpload = (max: number) =>
  problems.tooLarge(
    { vi: `Tệp vượt quá ${max} byte.`, en: `The file exceeds ${max} bytes.` },
    { code: 'file-too-large' },
  );
