/**
 * CKAN's answer envelope: {help, success, result} and, on failure, {help, success: false, error: {__type, message}}
 * with CKAN's statuses: 404 Not Found Error, 403 Authorization Error, 409 Validation Error, 400 Bad Request.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../../platform/index.js';

export const helpUrl = (publicUrl: string, action: string) =>
  `${publicUrl}/api/3/action/help_show?name=${encodeURIComponent(action)}`;

/** A CKAN error raised by an action itself (a bad request that is not a field's validation). */
export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new CkanError(404, 'Not Found Error', `Not found: ${what}`);
export const validation = (field: string, message: string) =>
  new CkanError(409, 'Validation Error', message, { [field]: [message] });

/** A platform problem or a Fastify error in CKAN's form, keeping the English message (CKAN speaks English). */
export function toCkanError(err: unknown): CkanError {
  if (err instanceof CkanError) return err;
  if (err instanceof Problem) {
    const message = err.detailText?.en ?? err.titleText.en;
    const fields = Object.fromEntries(
      err.errors.map((e) => [e.field.replace(/^\/?(body|query)\//, ''), [e.message.en]]),
    );
    const extra: Record<string, string[]> = err.extra.findings
      ? { findings: [JSON.stringify(err.extra.findings)] }
      : {};
    if (err.status === 404) return new CkanError(404, 'Not Found Error', message);
    if (err.status === 401 || err.status === 403) return new CkanError(403, 'Authorization Error', message);
    if (err.status === 429) return new CkanError(429, 'Rate Limit Error', message);
    if (err.status >= 500) return new CkanError(err.status, 'Internal Server Error', message);
    return new CkanError(409, 'Validation Error', message, { ...fields, ...extra });
  }
  const fe = err as FastifyError;
  if (fe?.statusCode && fe.statusCode < 500) return new CkanError(400, 'Bad Request', `Bad request - ${fe.message}`);
  return new CkanError(500, 'Internal Server Error', 'Internal server error');
}

export function sendCkanError(req: FastifyRequest, reply: FastifyReply, action: string, err: unknown) {
  const e = toCkanError(err);
  if (e.status >= 500) req.log.error({ err }, 'CKAN action failed');
  return reply
    .code(e.status)
    .type('application/json; charset=utf-8')
    .send({
      help: helpUrl(req.server.ctx.config.publicUrl, action),
      success: false,
      error: { __type: e.type, message: e.message, ...e.fields },
    });
}
