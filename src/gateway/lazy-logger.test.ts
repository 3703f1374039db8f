import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { lazyChildLogger } from './lazy-logger.js';

function logger() {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk: Buffer, _e, cb) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level: 'warn' }, out), lines };
}

describe('lazyChildLogger', () => {
  it('makes no child for lines below the level, and writes the child’s own line (with the request id) above it', () => {
    const { log, lines } = logger();
    const child = vi.spyOn(log, 'child');
    const req = lazyChildLogger(log as unknown as FastifyBaseLogger, { reqId: 'r-1' }, {});
    req.info({ a: 1 }, 'not written');
    req.debug('not written');
    expect(child).not.toHaveBeenCalled();
    expect(req.level).toBe('warn');
    req.warn({ service: 's' }, 'provider failed');
    req.error('again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toMatchObject([
      { reqId: 'r-1', service: 's', msg: 'provider failed', level: 40 },
      { reqId: 'r-1', msg: 'again', level: 50 },
    ]);
  });

  it('is an ordinary child when the route sets its own level', () => {
    const { log } = logger();
    const req = lazyChildLogger(log as unknown as FastifyBaseLogger, { reqId: 'r-2' }, { level: 'debug' });
    expect(req.level).toBe('debug');
    expect((req as unknown as pino.Logger).bindings()).toEqual({ reqId: 'r-2' });
  });
});
