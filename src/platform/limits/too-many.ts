import type { FastifyReply } from 'fastify';
import { Problem, type Bilingual } from '../http/problem.js';

/** "3 phút" / "3 minutes": a wait in words, rounded up to what a person reads. */
export function waitText(ms: number): Bilingual {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return { vi: `${s} giây`, en: `${s} second${s === 1 ? '' : 's'}` };
  const m = Math.ceil(s / 60);
  return { vi: `${m} phút`, en: `${m} minutes` };
}

/**
 * The 429 answer (problem+json in both languages) with `Retry-After` in seconds. The header is set on
 * the reply before the problem is thrown: the error handler keeps headers already set.
 */
export function tooManyRequests(reply: FastifyReply, retryAfterMs: number, what?: Bilingual): Problem {
  reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  const wait = waitText(retryAfterMs);
  return new Problem({
    status: 429,
    code: 'too-many-requests',
    title: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
    detail: {
      vi: `${what?.vi ?? 'Bạn đã gửi quá nhiều yêu cầu.'} Vui lòng thử lại sau ${wait.vi}.`,
      en: `${what?.en ?? 'Too many requests.'} Please try again in ${wait.en}.`,
    },
  });
}
