import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { App } from './app.js';
import { problems } from './problem.js';
import { errorResponses } from './schemas.js';

export async function healthRoutes(app: App) {
  app.get(
    '/health',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  // Readiness touches the database, so a load balancer stops sending traffic when it is gone.
  app.get(
    '/ready',
    {
      schema: {
        tags: ['platform'],
        summary: 'Readiness (touches the database)',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }),
          ...errorResponses(503),
        },
      },
    },
    async (req) => {
      try {
        await app.ctx.db.execute(sql`SELECT 1`);
      } catch (err) {
        req.log.error({ err }, 'readiness: database unreachable');
        throw problems.unavailable({ vi: 'Không kết nối được cơ sở dữ liệu.', en: 'The database is unreachable.' });
      }
      return { status: 'ready' as const, database: app.ctx.database.kind };
    },
  );
}
