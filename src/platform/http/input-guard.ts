/**
 * Input every route refuses before its own schema runs, so that no handler has to think of it:
 * text PostgreSQL cannot store (a NUL character is refused in `text` and `jsonb`; a lone UTF-16
 * surrogate is not Unicode and breaks `jsonb`), and JSON nested deeper than any form needs (deep
 * nesting costs stack in every later walk). Route schemas also get bounds they forgot: an integer
 * without limits becomes one PostgreSQL's `integer` takes, a date falls within 1900–2199.
 */
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { App } from './app.js';
import { problems, type FieldError } from './problem.js';

/** No form, filter or document body of this platform nests deeper; GeoJSON polygons need about 8. */
export const MAX_JSON_DEPTH = 32;

/** PostgreSQL `integer`: a bound every column, OFFSET and LIMIT accepts. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

// Years 1900–2199: what the platform's records and its working calendar cover (the calendar computes
// lunar holidays per year). Year 0, negative years and `+275760-…` are valid to JavaScript and refused
// by the database; year 9999 plus a few working days is no date at all.
export const DATE_PATTERN = '^(19|20|21)[0-9]{2}-';

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const SUSPECT = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- as above
const SUSPECT_ALL = /[\u0000\ud800-\udfff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this text cannot be stored, or null when it can. */
export function badText(s: string): 'nul' | 'surrogate' | null {
  if (!SUSPECT.test(s)) return null;
  if (s.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

const pointerToken = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

interface Found {
  field: string;
  why: 'nul' | 'surrogate' | 'depth';
}

/** The first string or key in `value` that cannot be stored, or the first place nested too deep. */
export function findBadInput(value: unknown, at: string, depth = 0): Found | null {
  if (typeof value === 'string') {
    const why = badText(value);
    return why ? { field: at, why } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return { field: at, why: 'depth' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const f = findBadInput(value[i], `${at}/${i}`, depth + 1);
      if (f) return f;
    }
    return null;
  }
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    const why = badText(k);
    // The pointer shows the bad key with U+FFFD where it cannot be written back.
    const field = `${at}/${pointerToken(why ? k.replace(SUSPECT_ALL, '\ufffd') : k)}`;
    if (why) return { field, why };
    const f = findBadInput((value as Record<string, unknown>)[k], field, depth + 1);
    if (f) return f;
  }
  return null;
}

const MESSAGES = {
  nul: { vi: 'Không được chứa ký tự NUL (\\u0000).', en: 'Must not contain a NUL character (\\u0000).' },
  surrogate: {
    vi: 'Chứa ký tự Unicode không hợp lệ (nửa cặp UTF-16).',
    en: 'Contains an invalid Unicode character (a lone UTF-16 surrogate).',
  },
  depth: { vi: `Dữ liệu lồng nhau quá ${MAX_JSON_DEPTH} cấp.`, en: `Nested more than ${MAX_JSON_DEPTH} levels deep.` },
} as const;

function refuse(found: Found) {
  const message = MESSAGES[found.why];
  const error: FieldError = {
    field: found.field,
    code: found.why === 'depth' ? 'too-deep' : 'invalid-characters',
    message,
  };
  return problems.badRequest(message, { code: error.code, errors: [error] });
}

/**
 * Whether the raw query string holds an escape that is not UTF-8 (`%ED%A0%80`, a surrogate; `%F0%9F`,
 * half a character; `%zz`): the query parser keeps such text as it came, so it is refused here.
 */
export function malformedQuery(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0 || !url.includes('%', at)) return false;
  for (const pair of url.slice(at + 1).split('&')) {
    for (const part of pair.split('=')) {
      try {
        decodeURIComponent(part);
      } catch {
        return true;
      }
    }
  }
  return false;
}

const malformed = () => {
  const message = {
    vi: 'Địa chỉ chứa mã %-escape không phải UTF-8 hợp lệ.',
    en: 'The URL holds a %-escape that is not valid UTF-8.',
  };
  return problems.badRequest(message, {
    code: 'malformed-url',
    errors: [{ field: '/querystring', code: 'malformed-url', message }],
  });
};

/** Throws a 400 when the request's params, query or body hold text that cannot be stored. */
export function checkRequestInput(req: FastifyRequest): void {
  if (malformedQuery(req.url)) throw malformed();
  const found =
    findBadInput(req.params, '/params') ?? findBadInput(req.query, '/querystring') ?? findBadInput(req.body, '/body');
  if (found) throw refuse(found);
}

type Schema = Record<string, unknown>;

const isType = (s: Schema, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));

/**
 * Adds the bounds a request schema left out, in place (the OpenAPI document shows them too):
 * integers within PostgreSQL's `integer`, dates within 1900–2199.
 */
export function boundSchema(schema: unknown, seen = new Set<unknown>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  if (Array.isArray(schema)) {
    for (const s of schema) boundSchema(s, seen);
    return;
  }
  const s = schema as Schema;
  if (isType(s, 'integer')) {
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = INT4_MAX;
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = INT4_MIN;
  }
  if (isType(s, 'string') && (s.format === 'date' || s.format === 'date-time') && s.pattern === undefined)
    s.pattern = DATE_PATTERN;
  for (const key of ['properties', 'patternProperties', 'definitions', '$defs']) {
    const group = s[key];
    if (group && typeof group === 'object') for (const k of Object.keys(group)) boundSchema((group as Schema)[k], seen);
  }
  for (const key of [
    'items',
    'additionalProperties',
    'anyOf',
    'oneOf',
    'allOf',
    'not',
    'if',
    'then',
    'else',
    'prefixItems',
  ])
    boundSchema(s[key], seen);
}

/**
 * A number the query or path coerced to ±Infinity. Ajv turns the string "Infinity" into a number that
 * passes `type: integer` and every `maximum` (its checks compare with NaN), so it is refused after validation.
 */
export function findNonFinite(value: unknown, at: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : at;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (typeof value[i] === 'number' && !Number.isFinite(value[i])) return `${at}/${i}`;
    return null;
  }
  if (value && typeof value === 'object') {
    for (const k in value) {
      const f = findNonFinite((value as Record<string, unknown>)[k], `${at}/${pointerToken(k)}`);
      if (f) return f;
    }
  }
  return null;
}

function checkCoercedNumbers(req: FastifyRequest): void {
  const field = findNonFinite(req.params, '/params') ?? findNonFinite(req.query, '/querystring');
  if (!field) return;
  const message = { vi: 'Cần một số hữu hạn.', en: 'Must be a finite number.' };
  throw problems.badRequest(message, { code: 'validation', errors: [{ field, code: 'type', message }] });
}

/** Refuses unstorable text in every route and bounds every route's request schema. */
export function registerInputGuards(app: App): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Schema | undefined;
    if (!schema) return;
    for (const part of ['params', 'querystring', 'body', 'headers']) boundSchema(schema[part]);
  });
  // Callback hooks: they run on every request, and a promise per hook would cost more than the check.
  app.addHook('preValidation', (req, _reply, done) => {
    try {
      checkRequestInput(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  });
  app.addHook('preHandler', (req, _reply, done) => {
    try {
      checkCoercedNumbers(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}
