import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { errorResponses } from '../http/schemas.js';
import { transact } from '../http/transact.js';
import { requirePermission } from '../auth/principal.js';
import { PROVINCE } from '../auth/authorize.js';
import { backupStatus, requestBackup } from './schedule.js';

const tags = ['backups'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Status = Type.Object({
  state: Type.Union(
    [
      Type.Literal('ok'),
      Type.Literal('overdue'),
      Type.Literal('failed'),
      Type.Literal('not-configured'),
      Type.Literal('never'),
    ],
    {
      description:
        'ok; overdue (no success in the last 26 hours); failed (the newest run failed); not-configured (BACKUP_DIR unset); never (configured, none yet)',
    },
  ),
  configured: Type.Boolean(),
  encrypted: Type.Boolean(),
  at: Type.String({ description: 'Time of the daily backup, Vietnamese time (HH:mm)' }),
  lastSuccess: Nullable(
    Type.Object({ at: Type.String({ format: 'date-time' }), archive: Type.String(), sizeBytes: Type.Integer() }),
  ),
  lastFailure: Nullable(Type.Object({ at: Type.String({ format: 'date-time' }), error: Type.String() })),
  running: Type.Boolean(),
});

const Run = Type.Object({
  id: Type.String({ format: 'uuid' }),
  trigger: Type.String(),
  status: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  archive: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  sizeBytes: Nullable(Type.Integer()),
  rows: Nullable(Type.Integer()),
  files: Nullable(Type.Integer()),
  pruned: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
});

/** The state of the province's backups, and a backup asked for now. */
export async function backupRoutes(app: App) {
  app.get(
    '/api/backups/status',
    {
      schema: {
        tags,
        summary: 'Tình trạng sao lưu — backup status (for the operations centre)',
        response: { 200: Status, ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requirePermission(req, 'backups.status', PROVINCE);
      const { runs: _runs, ...status } = await backupStatus(app.ctx);
      return status;
    },
  );

  app.get(
    '/api/backups',
    {
      schema: {
        tags,
        summary: 'Các lần sao lưu — backup runs, newest first',
        response: { 200: Type.Object({ status: Status, runs: Type.Array(Run) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requirePermission(req, 'backups.manage', PROVINCE);
      const { runs, ...status } = await backupStatus(app.ctx);
      return {
        status,
        runs: runs.map((r) => ({
          ...r,
          startedAt: r.startedAt.toISOString(),
          finishedAt: r.finishedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/backups',
    {
      schema: {
        tags,
        summary: 'Sao lưu ngay — back up now (runs in the background; a run under way is answered instead)',
        response: {
          202: Type.Object({ id: Type.String({ format: 'uuid' }), created: Type.Boolean() }),
          ...errorResponses(401, 403, 409),
        },
      },
    },
    async (req, reply) => {
      await requirePermission(req, 'backups.manage', PROVINCE);
      const run = await transact(req, async (tx, audit) => {
        const r = await requestBackup(tx, req.principal!.accountId);
        // Who asked is recorded also when the answer is the run already under way.
        await audit({
          action: 'backup.request',
          targetType: 'backup-run',
          targetId: r.id,
          details: { alreadyRunning: !r.created },
        });
        return r;
      });
      app.ctx.jobs.nudge();
      return reply.code(202).send(run);
    },
  );
}
