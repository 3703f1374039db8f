import { Type } from 'typebox';
import { errorResponses, perClientLimit, tooManyRequests, transact, type App } from '../../platform/index.js';
import { checkPhoneCode, requirePhone, sendPhoneCode, wrongCode } from '../reporter.js';
import { tags } from './schemas.js';

/** Anonymous reporting (phản ánh không cần tài khoản): a phone confirmed by a one-time code. */
export async function reporterRoutes(app: App) {
  app.post(
    '/api/feedback/phone/code',
    {
      // Per client address, counted in the database (shared by every instance); each phone has its own hourly cap.
      onRequest: perClientLimit('feedback.phone-code-route', (req) => req.server.ctx.config.phoneCodeRateLimit),
      schema: {
        tags,
        summary: 'Gửi mã xác thực đến số điện thoại — send a one-time code by SMS',
        body: Type.Object({ phone: Type.String({ minLength: 9, maxLength: 20 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ expiresAt: Type.String({ format: 'date-time' }) }),
          ...errorResponses(400, 429),
        },
      },
    },
    async (req, reply) => {
      const phone = requirePhone(req.body.phone);
      const { expiresAt } = await transact(req, async (tx, audit) => {
        const out = await sendPhoneCode(tx, phone);
        if (!out.sent)
          throw tooManyRequests(reply, out.retryAfterMs, {
            vi: 'Đã gửi quá nhiều mã cho số này.',
            en: 'Too many codes were sent to this number.',
          });
        // The audit names no phone: personal data stays out of logs (masked by purpose only).
        await audit({
          action: 'feedback.phone-code',
          targetType: 'phone',
          targetId: `…${phone.slice(-3)}`,
          details: {},
        });
        return out;
      });
      return { expiresAt: expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/feedback/phone/verify',
    {
      schema: {
        tags,
        summary: 'Xác thực mã — confirm the code; returns a ticket for X-Reporter-Ticket',
        body: Type.Object(
          { phone: Type.String({ minLength: 9, maxLength: 20 }), code: Type.String({ pattern: '^[0-9]{6}$' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ ticket: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const phone = requirePhone(req.body.phone);
      // A wrong code must still use up a try, so the check commits before the refusal is sent.
      const out = await transact(req, async (tx, audit) => {
        const r = await checkPhoneCode(tx, phone, req.body.code);
        if (r.ok)
          await audit({
            action: 'feedback.phone-verified',
            targetType: 'phone',
            targetId: `…${phone.slice(-3)}`,
            details: {},
          });
        return r;
      });
      if (!out.ok) throw wrongCode();
      return { ticket: out.ticket, expiresAt: out.expiresAt.toISOString() };
    },
  );
}
