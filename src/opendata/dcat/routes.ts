/**
 * ckanext-dcat's routes: /catalog.{jsonld,ttl,rdf,xml} (paged with ?page=N, 100 datasets a page) and
 * /dataset/{id}.{jsonld,ttl,rdf,xml}. Public: only published, public datasets appear.
 */
import { asc, desc, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import { problems, type App } from '../../platform/index.js';
import { canSee, datasetByIdOrName, loadBundles, PUBLIC_VIEWER, visibleSql } from '../catalog.js';
import { opendataDatasets } from '../schema.js';
import { catalogQuads, datasetQuads, FORMATS, serialize, type RdfFormat } from './graph.js';

const tags = ['opendata'];
/** ckanext.dcat.datasets_per_page's default. */
export const DCAT_PER_PAGE = 100;

const send = (reply: FastifyReply, format: RdfFormat, body: string) =>
  reply
    .header('content-type', `${FORMATS[format]}; charset=utf-8`)
    .header('access-control-allow-origin', '*')
    .send(body);

export async function dcatRoutes(app: App) {
  const db = app.ctx.db;
  const publicUrl = app.ctx.config.publicUrl;

  for (const format of Object.keys(FORMATS) as RdfFormat[]) {
    app.get(
      `/catalog.${format}`,
      {
        schema: {
          tags,
          summary: `Danh mục DCAT-AP (${format}) — the catalog, paged`,
          querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }),
        },
      },
      async (req, reply) => {
        const page = req.query.page ?? 1;
        const open = visibleSql(PUBLIC_VIEWER);
        const [{ total, modified }] = (await db
          .select({
            total: sql<number>`count(*)::int`,
            modified: sql<string | null>`max(${opendataDatasets.modifiedAt})`,
          })
          .from(opendataDatasets)
          .where(open)) as [{ total: number; modified: string | null }];
        const last = Math.max(1, Math.ceil(Number(total) / DCAT_PER_PAGE));
        if (page > last)
          throw problems.invalidField('/query/page', {
            vi: `Trang ${page} vượt quá trang cuối (${last}).`,
            en: `Page ${page} is past the last page (${last}).`,
          });
        const ds = await db
          .select()
          .from(opendataDatasets)
          .where(open)
          .orderBy(desc(opendataDatasets.modifiedAt), asc(opendataDatasets.id))
          .limit(DCAT_PER_PAGE)
          .offset((page - 1) * DCAT_PER_PAGE);
        const quads = catalogQuads(
          publicUrl,
          await loadBundles(db, ds),
          {
            page,
            perPage: DCAT_PER_PAGE,
            total: Number(total),
            pageUrl: (p) => `${publicUrl}/catalog.${format}?page=${p}`,
          },
          modified ? new Date(modified) : null,
        );
        return send(reply, format, await serialize(quads, format, publicUrl));
      },
    );
  }

  app.get(
    '/dataset/:file',
    {
      schema: {
        tags,
        summary: 'Bộ dữ liệu dạng DCAT-AP — /dataset/{id or name}.{jsonld,ttl,rdf,xml}',
        params: Type.Object({ file: Type.String({ maxLength: 200 }) }),
      },
    },
    async (req, reply) => {
      const m = /^(.+)\.(jsonld|ttl|rdf|xml)$/.exec(req.params.file);
      if (!m) throw problems.notFound({ vi: 'định dạng', en: 'Format' });
      const d = await datasetByIdOrName(db, m[1]!);
      if (!d || !canSee(PUBLIC_VIEWER, d)) throw problems.notFound({ vi: 'bộ dữ liệu', en: 'Dataset' });
      const [b] = await loadBundles(db, [d]);
      return send(reply, m[2] as RdfFormat, await serialize(datasetQuads(publicUrl, b!), m[2] as RdfFormat, publicUrl));
    },
  );
}
