import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { errorResponses, StringEnum } from '../http/schemas.js';
import { coverageOf } from './authorize.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { requireAuth } from './principal.js';

const CoverageView = Type.Object({
  action: Type.String(),
  province: Type.Boolean({
    description: 'A province-level grant: every agency and unit (the lists are then left empty)',
  }),
  agencyIds: Type.Array(Type.String(), { description: 'The agencies reached, those below the granted ones included' }),
  unitIds: Type.Array(Type.String(), { description: 'The administrative units reached, those below included' }),
});

/**
 * Where the caller may do an action: what the web app asks so as to offer an edit only where it would be allowed.
 * It authorises nothing — every change is checked again on its own target — and tells the caller only about
 * their own grants.
 */
export async function coverageRoutes(app: App) {
  app.get(
    '/api/auth/coverage',
    {
      schema: {
        tags: ['auth'],
        summary: 'Phạm vi được làm — where I may do an action',
        querystring: Type.Object({ action: StringEnum(Object.keys(PERMISSIONS) as Permission[]) }),
        response: { 200: CoverageView, ...errorResponses(400, 401) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const c = await coverageOf(p, req.query.action, app.ctx.scopes);
      return {
        action: req.query.action,
        province: c.province,
        agencyIds: c.province ? [] : c.agencyIds,
        unitIds: c.province ? [] : c.unitIds,
      };
    },
  );
}
