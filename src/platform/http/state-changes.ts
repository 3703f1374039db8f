/**
 * What every state-changing request goes through besides its handler: retry keys (Idempotency-Key:
 * a resend gets the first answer) and the audit check (a successful change must have written its
 * audit row in its transaction). Both concern unsafe methods only, so they are attached to those
 * routes as route hooks: reads — the public lookup above all — do not run hooks that do nothing.
 * Route hooks run after the application's, as these did when they were global ones.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyPreHandler, storeIdempotentAnswer } from './idempotency.js';
import type { App } from './app.js';

export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A route option's hooks as a list (Fastify takes one function, a list, or none). */
const hooksOf = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);

/**
 * Installs both on the routes registered after this call. `strict` (tests): an unaudited change
 * fails the request instead of only being logged, so a missing audit row cannot pass unnoticed.
 */
export function guardStateChanges(app: App, opts: { strict: boolean }) {
  app.decorateRequest('audited', false);
  app.decorateRequest('idempotency', null);
  const auditCheck = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode < 400 && !req.audited && !req.routeOptions.config?.noAudit && req.routeOptions.url) {
      req.log.error({ route: req.routeOptions.url }, 'state-changing request finished without an audit row');
      if (opts.strict) throw new Error(`unaudited state change on ${req.method} ${req.routeOptions.url}`);
    }
    return payload;
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => UNSAFE.has(m))) return;
    route.preHandler = [idempotencyPreHandler, ...hooksOf(route.preHandler)];
    route.onSend = [storeIdempotentAnswer, auditCheck, ...hooksOf(route.onSend)];
  });
}
