/** The carrier gateway's delivery reports (báo cáo trạng thái tin nhắn), at the secret URL given with each message. */
import crypto from 'node:crypto';
import { Type } from 'typebox';
import type { App } from '../http/app.js';
import { problems } from '../http/problem.js';
import { errorResponses } from '../http/schemas.js';
import { transact, unchanged } from '../http/transact.js';
import { recordDeliveryReport } from './sms-gateway.js';

const same = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function smsRoutes(app: App) {
  const cfg = app.ctx.config.sms;
  app.post(
    '/api/notify/sms/status/:token',
    {
      schema: {
        tags: ['notify'],
        summary:
          'Báo cáo trạng thái tin nhắn của nhà mạng — an SMS gateway’s delivery report (eSMS shape: SMSID, SendStatus)',
        params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({
          SMSID: Type.Optional(Type.String({ maxLength: 100 })),
          SendStatus: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        body: Type.Optional(
          Type.Object({
            SMSID: Type.Optional(Type.String({ maxLength: 100 })),
            SendStatus: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Integer()])),
          }),
        ),
        response: { 200: Type.Object({ ok: Type.Boolean(), status: Type.String() }), ...errorResponses(400, 404) },
      },
    },
    async (req) => {
      // Without a configured callback, and with a wrong token, the route does not exist.
      if (!cfg?.callbackToken || !same(req.params.token, cfg.callbackToken))
        throw problems.notFound({ vi: 'đường dẫn', en: 'Route' });
      const id = req.body?.SMSID ?? req.query.SMSID;
      const status = req.body?.SendStatus ?? req.query.SendStatus;
      if (!id || status === undefined || status === '')
        throw problems.badRequest({ vi: 'Thiếu SMSID hoặc SendStatus.', en: 'SMSID or SendStatus is missing.' });
      const row = await transact(req, async (tx, audit) => {
        const r = await recordDeliveryReport(tx, cfg.provider, id, String(status));
        if (r)
          await audit({
            actor: { id: null, label: `sms gateway ${cfg.provider}` },
            action: 'notify.sms-delivery',
            targetType: 'sms',
            targetId: String(r.id),
            details: { status: String(status) },
            scope: {},
          });
        return r;
      });
      if (!row) {
        unchanged(req);
        throw problems.notFound({ vi: `tin nhắn ${id}`, en: `Message ${id}` });
      }
      return { ok: true, status: row.status };
    },
  );
}
