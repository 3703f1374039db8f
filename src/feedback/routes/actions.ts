import { Type } from 'typebox';
import { errorResponses, type App } from '../../platform/index.js';
import { REPORT_ACTIONS, performAction } from '../actions/index.js';
import { reportFor } from './reports.js';
import { ReportDetail, RefParams, tags } from './schemas.js';

/** POST /api/feedback/reports/:id/actions/<action>, one route per action so each has its own body schema. */
export async function actionRoutes(app: App) {
  for (const def of REPORT_ACTIONS) {
    app.post(
      `/api/feedback/reports/:id/actions/${def.name}`,
      {
        schema: {
          tags,
          summary: `${def.label.vi} — ${def.label.en}`,
          description: `From: ${def.from.join(', ')}. By: ${def.by === 'staff' ? 'staff of the handling agency (feedback.handle)' : 'the reporter (login or X-Reporter-Ticket)'}. 409 illegal-transition lists the allowed actions.`,
          params: RefParams,
          body: def.body,
          response: {
            200: Type.Object({ report: ReportDetail, actionId: Type.Integer() }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (req) => {
        const done = await performAction(req, REPORT_ACTIONS, def, req.params.id, req.body as never);
        const report = await app.ctx.db.transaction(async (tx) => reportFor(tx, req, done.report));
        return { report, actionId: done.actionId };
      },
    );
  }
}
