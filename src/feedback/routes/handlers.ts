/**
 * Who may be assigned a field report now (người có thể được phân công xử lý phản ánh): the picker of
 * the assign form. The list is decided by the rule the assign action checks (`mayHandle`), so everyone
 * offered can be assigned and no one left out could be, grants on parent agencies and units included.
 */
import { Type } from 'typebox';
import { can, errorResponses, problems, type App } from '../../platform/index.js';
import { assignableFor, AssignableSchema } from '../../directory/index.js';
import { assign, HANDLER_PERMISSION, mayHandle } from '../actions/assign.js';
import { REPORT_ACTIONS, allowedFor } from '../actions/index.js';
import { requireReport } from '../load.js';
import { readSettings } from '../settings.js';
import { RefParams, tags } from './schemas.js';

export async function handlerRoutes(app: App) {
  const { db, scopes } = app.ctx;

  app.get(
    '/api/feedback/reports/:id/handlers',
    {
      schema: {
        tags,
        summary: 'Cán bộ có thể phân công — who may be assigned the report now',
        description:
          'Enabled accounts whose active grants give feedback.handle over the report’s agency, through that agency, a parent agency or an administrative unit: ' +
          'exactly those POST /api/feedback/reports/:id/actions/assign accepts. Specialists first, then by name. Only for staff of the handling agency (403); 409 when its state allows no assignment.',
        params: RefParams,
        response: {
          200: Type.Object({ items: Type.Array(AssignableSchema) }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const report = await requireReport(db, req.params.id);
      // Who may assign: staff of the report's agency, as performAction decides (actions/base.ts, rolesFor).
      if (!(await can(req.principal, HANDLER_PERMISSION, { agencyId: report.agencyId }, scopes))) {
        if (!req.principal) throw problems.unauthorized();
        throw problems.forbidden(
          { vi: 'Phản ánh không thuộc cơ quan của bạn.', en: 'The report is not handled by your agency.' },
          { extra: { action: assign.name } },
        );
      }
      const settings = await readSettings(db);
      const now = new Date();
      const why = !assign.from.includes(report.status)
        ? {
            vi: `Không thể "${assign.label.vi}" khi phản ánh đang ở trạng thái ${report.status}.`,
            en: `Cannot ${assign.label.en.toLowerCase()} a report that is ${report.status}.`,
          }
        : assign.guard?.(report, now, settings);
      if (why) {
        const allowed = allowedFor(REPORT_ACTIONS, report, { staff: true, reporter: null }, now, settings);
        throw problems.conflict(why, { code: 'illegal-transition', extra: { reportStatus: report.status, allowed } });
      }
      return { items: await assignableFor(db, HANDLER_PERMISSION, report.agencyId, scopes, mayHandle) };
    },
  );
}
