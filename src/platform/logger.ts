import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Citizen identity numbers (CCCD: 12 digits; old CMND: 9 digits) must never reach the logs,
 * even inside free text such as a URL or an error message. The last group of a UUID is
 * 12 digits often enough (about one in three hundred) to be spared explicitly, or request ids
 * and record ids would turn unreadable at random.
 */
const ID_NUMBER = /(?<![\d.])(?<![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)(\d{9}|\d{12})(?!\d|\.\d)/gi;

export function maskIdentityNumbers(s: string): string {
  return s.replace(ID_NUMBER, (m) => `${m.slice(0, 2)}${'*'.repeat(m.length - 4)}${m.slice(-2)}`);
}

/** Personal API tokens have a recognisable prefix; one that slips into any text is cut. */
const API_TOKEN = /tsk_[\w-]{8,}/g;

/** A JSON string, or a bare JSON number; strings are consumed whole so their digits are never misread as numbers. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The last line of defence, on the serialised line itself: whatever was logged (an error's stack,
 * a client-chosen request id bound to every line, an object nobody thought to redact), identity
 * numbers and API tokens are masked before the line leaves the process. A bare 9- or 12-digit
 * JSON number becomes a masked string, so the line stays valid JSON.
 */
export function scrubLogLine(line: string): string {
  return line.replace(JSON_TOKEN, (tok) => {
    if (tok.startsWith('"')) return maskIdentityNumbers(tok).replace(API_TOKEN, 'tsk_[redacted]');
    return /^\d{9}$|^\d{12}$/.test(tok) ? JSON.stringify(maskIdentityNumbers(tok)) : tok;
  });
}

/** Paths whose values are secrets or personal identifiers, at any depth pino can express. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...['password', 'newPassword', 'token', 'accessToken', 'refreshToken', 'idToken', 'secret', 'clientSecret', 'identityNumber', 'citizenId', 'cccd', 'cmnd', 'authorization', 'cookie', 'csrfToken'].flatMap((k) => [
    k,
    `*.${k}`,
    `*.*.${k}`,
  ]),
];

/** Query parameters that carry secrets (OpenID codes and states, tokens, passwords). */
const SECRET_QUERY = /([?&](?:token|access_token|id_token|code|state|password|session_state)=)[^&]*/gi;

/** Wraps a destination so each line is scrubbed on its way out. */
function scrubbing(dest: DestinationStream): DestinationStream {
  const out = dest as DestinationStream & { flushSync?: () => void };
  return {
    write: (line: string) => out.write(scrubLogLine(line)),
    // pino flushes a synchronous destination on exit; keep that working through the wrapper.
    ...(typeof out.flushSync === 'function' ? { flushSync: () => out.flushSync!() } : {}),
  } as DestinationStream;
}

/**
 * The application's logger. Fastify's request logger is a child of it (see http/app.ts), so the
 * serializers, redaction and scrubbing below apply to every request line too.
 * `destination` is stdout unless a test captures the output.
 */
export function createLogger(level: string, extra: LoggerOptions = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // Only what identifies the request: never headers (cookies, tokens), never the body.
        req(req: { method: string; url: string; id: string }) {
          return { method: req.method, url: maskIdentityNumbers(req.url.replace(SECRET_QUERY, '$1[redacted]')), id: req.id };
        },
        res(res: { statusCode: number }) {
          return { statusCode: res.statusCode };
        },
        err: pino.stdSerializers.err,
      },
      ...extra,
    },
    scrubbing(destination ?? pino.destination(1)),
  );
}
