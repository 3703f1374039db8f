/**
 * Adapter: the National Public Service Portal (Cổng Dịch vụ công quốc gia, dichvucong.gov.vn) — every status change of
 * a one-stop dossier is sent to it, once.
 *
 * The portal's synchronisation interface is not public (it is given to provinces under agreement with the Office of
 * the Government, through the NGSP). This adapter defines its own: `POST {NPSP_URL}/dossiers/status` with a JSON
 * body (fields named as the portal's published data dictionary names them: maHoSo, maTTHC, trangThai,
 * thoiDiem…), `Authorization: Bearer {NPSP_TOKEN}` and `Idempotency-Key: tinhso-{action id}`; a 2xx answer is a
 * receipt. Swapping the body's shape for the real one is a change to `body()` only.
 *
 * Delivery is an outbox: a scan (every NPSP_SCAN_MS) copies each dossier action that changed the status into
 * gateway_portal_sync (keyed by the action: a change is queued once however often the scan runs, on any instance)
 * and enqueues a delivery job in the same transaction; the job runner retries a failed delivery with back-off. The
 * idempotency key lets the portal drop the duplicate of a delivery whose receipt was lost in a crash.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { enqueueMany, queryRows, type AppContext } from '../../platform/index.js';
import { dossierActions, dossiers } from '../../procedures/index.js';
import { procedures } from '../../procedures/index.js';
import type { Gateway } from '../context.js';
import { outbound } from '../outbound.js';
import { gatewayPortalSync } from '../schema.js';
import { agencies } from '../../directory/index.js';

export interface PortalConfig {
  url: string;
  token: string;
  scanMs: number;
}

export const PORTAL_SCAN_JOB = 'gateway.portal-scan';
export const PORTAL_DELIVER_JOB = 'gateway.portal-deliver';

export function portalConfig(env: NodeJS.ProcessEnv = process.env): PortalConfig | undefined {
  if (!env.NPSP_URL) return undefined;
  return {
    url: env.NPSP_URL.replace(/\/+$/, ''),
    token: env.NPSP_TOKEN ?? '',
    scanMs: Number(env.NPSP_SCAN_MS) || 30_000,
  };
}

/** Queues the status changes not queued yet (the last `lookbackDays`), each with its delivery job; answers how many. */
export async function scanStatusChanges(ctx: AppContext, lookbackDays = 3): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{ action_id: number | string }>(
      tx,
      sql`INSERT INTO gateway_portal_sync (action_id, dossier_id, status)
          SELECT a.id, a.dossier_id, a.to_status FROM ${dossierActions} a
           WHERE a.at > now() - ${lookbackDays} * interval '1 day' AND a.from_status IS DISTINCT FROM a.to_status
           ORDER BY a.id
          ON CONFLICT (action_id) DO NOTHING RETURNING action_id`,
    );
    if (rows.length)
      await enqueueMany(
        tx,
        PORTAL_DELIVER_JOB,
        rows.map((r) => ({
          payload: { actionId: Number(r.action_id) },
          dedupeKey: `${PORTAL_DELIVER_JOB}:${r.action_id}`,
        })),
      );
    return rows.length;
  });
}

function body(
  d: { code: string; status: string; agencyCode: string | null; procedureCode: string | null; applicantName: string },
  a: { seq: number; action: string; at: Date; fromStatus: string | null; toStatus: string },
) {
  return {
    maHoSo: d.code,
    maTTHC: d.procedureCode,
    maDonVi: d.agencyCode,
    trangThai: a.toStatus,
    trangThaiTruoc: a.fromStatus,
    thaoTac: a.action,
    thuTu: a.seq,
    thoiDiem: a.at.toISOString(),
  };
}

export function registerPortalSync(ctx: AppContext, gw: Gateway, cfg = portalConfig()) {
  if (!cfg) return;
  ctx.jobs
    .register(PORTAL_SCAN_JOB, async () => void (await scanStatusChanges(ctx)))
    .schedule(PORTAL_SCAN_JOB, cfg.scanMs);
  ctx.jobs.register<{ actionId: number }>(PORTAL_DELIVER_JOB, async (job) => {
    const [sync] = await job.db
      .select()
      .from(gatewayPortalSync)
      .where(eq(gatewayPortalSync.actionId, job.payload.actionId));
    if (!sync || sync.deliveredAt) return;
    const [row] = await job.db
      .select({
        a: dossierActions,
        code: dossiers.code,
        applicantName: dossiers.applicantName,
        agencyCode: agencies.code,
        procedureCode: procedures.code,
      })
      .from(dossierActions)
      .innerJoin(dossiers, eq(dossiers.id, dossierActions.dossierId))
      .leftJoin(agencies, eq(agencies.id, dossiers.agencyId))
      .leftJoin(procedures, eq(procedures.id, dossiers.procedureId))
      .where(eq(dossierActions.id, job.payload.actionId));
    if (!row) return;
    await job.db
      .update(gatewayPortalSync)
      .set({ attempts: sql`${gatewayPortalSync.attempts} + 1` })
      .where(eq(gatewayPortalSync.actionId, sync.actionId));
    const res = await outbound(gw, {
      member: 'dichvucong.gov.vn',
      service: 'dossier-status',
      method: 'POST',
      url: `${cfg.url}/dossiers/status`,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${cfg.token}`,
        'idempotency-key': `tinhso-${sync.actionId}`,
      },
      body: JSON.stringify(
        body(
          {
            code: row.code,
            status: row.a.toStatus,
            agencyCode: row.agencyCode,
            procedureCode: row.procedureCode,
            applicantName: row.applicantName,
          },
          row.a,
        ),
      ),
      purpose: 'Đồng bộ trạng thái hồ sơ TTHC',
    });
    if (res.status < 200 || res.status >= 300)
      throw new Error(`the portal answered ${res.status}: ${res.text.slice(0, 200)}`);
    await job.db
      .update(gatewayPortalSync)
      .set({ deliveredAt: new Date() })
      .where(and(eq(gatewayPortalSync.actionId, sync.actionId), isNull(gatewayPortalSync.deliveredAt)));
  });
}
