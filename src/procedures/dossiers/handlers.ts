/**
 * Who may be assigned a dossier now (người có thể được phân công xử lý): the picker of the assign form.
 * The list is decided by the rule the assign action checks (`mayBeAssigned`), so everyone offered
 * can be assigned and no one left out could be.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponses, problems, requireAuth, type App } from '../../platform/index.js';
import { assignableFor, AssignableSchema } from '../../directory/index.js';
import { isStaff, mayRead, performerOf } from './access.js';
import { assign, ASSIGNEE_PERMISSION, mayBeAssigned } from './actions/assign.js';
import type { DossierActionDef } from './actions/base.js';
import { clock } from './clock.js';
import { dossierWord, findDossier, illegal } from './service.js';

/** The caller must be one who may assign this dossier now; answered as POST …/actions/assign would answer. */
async function assigningDossier(req: FastifyRequest, id: string) {
  const p = requireAuth(req);
  const { db, scopes } = req.server.ctx;
  const d = await findDossier(db, id);
  if (!d) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
  if (!(await performerOf(assign as unknown as DossierActionDef<never>, d, p, scopes))) {
    // Strangers are told it does not exist, as everywhere else for dossiers.
    if (!(await mayRead(d, p, scopes)) && !isStaff(p))
      throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
    throw problems.forbidden(
      {
        vi: 'Chỉ người có quyền phân công hồ sơ này mới xem được danh sách cán bộ xử lý.',
        en: 'Only those who may assign this dossier may list who can handle it.',
      },
      { extra: { action: 'dossiers.assign' } },
    );
  }
  if (!assign.from.includes(d.status)) throw illegal(d, assign.name);
  const why = assign.guard?.(d, clock.now());
  if (why) throw illegal(d, assign.name, why);
  return d;
}

export async function handlerRoutes(app: App) {
  app.get(
    '/api/dossiers/:id/handlers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Cán bộ có thể phân công — who may be assigned the dossier now',
        description:
          'Enabled accounts whose active grants give dossiers.process over the agency now holding the dossier, through that agency, a parent agency or an administrative unit: ' +
          'exactly those POST /api/dossiers/:id/actions/assign accepts. Specialists first, then by name. Only for those who may assign it (403); 409 when its state allows no assignment.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({ items: Type.Array(AssignableSchema) }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const d = await assigningDossier(req, req.params.id);
      return {
        items: await assignableFor(app.ctx.db, ASSIGNEE_PERMISSION, d.currentAgencyId, app.ctx.scopes, mayBeAssigned),
      };
    },
  );
}
