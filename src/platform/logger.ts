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
  ...[
    'password',
    'newPassword',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'secret',
    'clientSecret',
    'identityNumber',
    'citizenId',
    'cccd',
    'cmnd',
    'authorization',
    'cookie',
    'csrfToken',
  ].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/**
 * Query parameters that carry secrets (OpenID codes and states, tokens, passwords) or personal data
 * (Open311 takes a reporter's name, phone and e-mail in the query string; searches may name a person).
 */
const SECRET_QUERY =
  /([?&](?:token|access_token|id_token|code|state|password|session_state|api_key|phone|email|first_name|last_name|name|full_name|address|address_string|device_id|account_id|q|reporter\w*|id_?number)=)[^&]*/gi;

/** The text a database driver puts after a failed statement: its bound values. */
const QUERY_PARAMS = /\nparams: [\s\S]*$/;

type SerializedError = Record<string, unknown> & { message?: string; cause?: unknown };

/**
 * Errors as pino serialises them, without the values a failed query was bound to (a phone, an
 * address, a dossier's form): Drizzle repeats them in its message and keeps them in `params`, and
 * PostgreSQL's `detail` quotes the offending row ("Key (phone)=(…) already exists").
 */
export function safeError(err: unknown): SerializedError {
  const out = pino.stdSerializers.err(err as Error) as unknown as SerializedError;
  return scrubError(out, 0);
}

/** PostgreSQL quotes the value it refused ('invalid input syntax for type date: "0912…"'); the quotes go. */
const quotedValues = (text: string) =>
  text.replace(/"[^"\n]*"/g, '"[redacted]"').replace(/\)=\([^\n]*\)/g, ')=([redacted])');

function scrubError(e: SerializedError, depth: number): SerializedError {
  if (!e || typeof e !== 'object' || depth > 5) return e;
  const x: SerializedError = { ...e };
  if (typeof x.message === 'string') {
    x.message = x.message.replace(QUERY_PARAMS, '\nparams: [redacted]');
    if (depth > 0) x.message = quotedValues(x.message);
  }
  if (typeof x.stack === 'string') {
    x.stack = x.stack
      .replace(/\nparams: [^\n]*/g, '\nparams: [redacted]')
      .replace(/^caused by: .*$/gm, (line) => quotedValues(line));
  }
  for (const k of ['params', 'parameters', 'detail', 'where', 'internalQuery']) if (k in x) x[k] = '[redacted]';
  if (x.cause && typeof x.cause === 'object') x.cause = scrubError(x.cause as SerializedError, depth + 1);
  return x;
}

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
          return {
            method: req.method,
            url: maskIdentityNumbers(req.url.replace(SECRET_QUERY, '$1[redacted]')),
            id: req.id,
          };
        },
        res(res: { statusCode: number }) {
          return { statusCode: res.statusCode };
        },
        err: safeError,
      },
      ...extra,
    },
    scrubbing(destination ?? pino.destination(1)),
  );
}

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m'],
};
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v']);

/** One (already scrubbed) JSON line as a person reads it in a terminal: `HH:mm:ss LEVEL message key=value…`. */
export function prettyLine(line: string, colour = true): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const [name, code] = LEVELS[Number(o.level)] ?? ['LOG  ', ''];
  const time = new Date(typeof o.time === 'number' ? o.time : Date.now()).toLocaleTimeString('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour12: false,
  });
  const rest = Object.entries(o)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const lvl = colour ? `${code}${name}\x1b[0m` : name;
  return `${time} ${lvl} ${String(o.msg ?? '')}${rest ? `  ${colour ? '\x1b[90m' : ''}${rest}${colour ? '\x1b[0m' : ''}` : ''}\n`;
}

/**
 * LOG_FORMAT: `pretty` in a terminal (the default when stdout is one), `json` otherwise (one JSON object a line, for a
 * log collector). The scrubbing above runs first either way.
 */
export function logDestination(
  format: 'pretty' | 'json',
  out: NodeJS.WriteStream = process.stdout,
): DestinationStream | undefined {
  if (format === 'json') return undefined;
  const colour = out.isTTY === true && !process.env.NO_COLOR;
  return { write: (line: string) => void out.write(prettyLine(line, colour)) } as DestinationStream;
}
