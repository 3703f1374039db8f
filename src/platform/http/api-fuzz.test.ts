/**
 * Fuzzes the whole API from its own OpenAPI document (issue 8 item 9): for every operation and every
 * parameter (path, query, each JSON body property, the body as a whole) it sends generated bad
 * values — NUL, lone surrogates, huge, negative and fractional numbers, overlong strings, wrong
 * types, deep nesting, odd dates, unknown enum values — as an anonymous client, a citizen and an
 * administrator, and expects no answer in the 5xx range. A fixed seed and a bounded number of runs
 * per operation keep it deterministic and fast enough for every `npm test`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, pdfBytes, pngBytes } from '../files/test-fixtures.js';
import { testServer, type Client, type TestServer } from '../testing/index.js';

/**
 * Runs per operation and client: with every operation of the API (some hundreds) and 3 clients, tens of thousands of
 * requests: minutes, not seconds.
 * `FUZZ_RUNS=500 FUZZ_SEED=7 npx vitest run src/platform/http/api-fuzz.test.ts` digs deeper by hand.
 */
const RUNS = Number(process.env.FUZZ_RUNS) || 16;
const SEED = Number(process.env.FUZZ_SEED) || 20_260_801;
/** Time for one operation and client; `FUZZ_BUDGET_MS=0` lifts it. */
const OP_BUDGET_MS = process.env.FUZZ_BUDGET_MS === '0' ? undefined : Number(process.env.FUZZ_BUDGET_MS) || 3_000;

/** A well-formed id that names nothing, the same on every run. */
const NO_SUCH_ID = '0f0f0f0f-0000-4000-8000-000000000000';

/** Operations that would end the fuzzing client's own session. */
// …and streams that never end by design (server-sent events): a request/answer fuzzer cannot wait for their answer.
const SKIP = new Set(['POST /api/auth/logout', 'GET /api/reporting/alerts/stream']);

interface Schema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  nullable?: boolean;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { type: string; schema: Schema };
}

/** Where a generated bad value goes: one parameter, one body property, the whole body, or a part of a multipart upload. */
type Target =
  | { in: 'path' | 'query'; name: string }
  | { in: 'body'; name: string }
  | { in: 'whole-body' }
  | { in: 'part'; name: 'content' | 'filename' | 'field' };

// ---- plausible values, so that one bad parameter is judged with the others well-formed ----

const sampleOf = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed: SEED, numRuns: 1 })[0]!;

/** Strings a pattern accepts; null for the few patterns fast-check cannot generate from (lookahead). */
function matchingArb(pattern: string, maxLength?: number): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(new RegExp(pattern), { maxLength });
  } catch {
    return null;
  }
}

function goodString(s: Schema): string {
  switch (s.format) {
    case 'uuid':
      return NO_SUCH_ID;
    case 'date-time':
      return '2026-03-02T08:00:00.000Z';
    case 'date':
      return '2026-03-02';
    case 'email':
      return 'fuzz@example.vn';
    case 'uri':
      return 'https://example.vn/fuzz';
  }
  const matching = s.pattern ? matchingArb(s.pattern, s.maxLength) : null;
  if (matching) return sampleOf(matching);
  return 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

/**
 * Real rows of the test database, so that the other parameters of a request name things that exist
 * and a bad value reaches past the first lookup: by parameter name, and for `{id}` by the path.
 */
let known: Record<string, string> = {};
const PATH_IDS: [RegExp, string][] = [
  [/^\/api\/procedures\//, 'procedure'],
  [/^\/api\/directory\/units\//, 'unit'],
  [/^\/api\/directory\/agencies\//, 'agency'],
  [/^\/api\/directory\/people\//, 'person'],
  [/^\/api\/dossiers\//, 'dossier'],
  [/^\/api\/feedback\/reports\//, 'report'],
  [/^\/api\/feedback\/categories\//, 'category'],
  [/^\/api\/feedback\/routing-rules\//, 'rule'],
];
const NAME_IDS: Record<string, string> = {
  procedureId: 'procedure',
  agencyId: 'agency',
  receivingAgencyId: 'agency',
  toAgencyId: 'agency',
  fallbackAgencyId: 'agency',
  unitId: 'unit',
  categoryId: 'category',
  handlerId: 'account',
  handlerAccountId: 'account',
  sha256: 'sha256',
  code: 'dossierCode',
};

function knownValue(name: string, path: string): string | undefined {
  if (name === 'id' || name === 'idOrCode') return known[PATH_IDS.find(([re]) => re.test(path))?.[1] ?? ''];
  if (name === 'code' && !path.startsWith('/api/public/')) return undefined;
  return known[NAME_IDS[name] ?? ''];
}

function good(s: Schema | undefined, name = '', path = ''): unknown {
  const real = knownValue(name, path);
  if (real !== undefined) return real;
  if (!s) return 'x';
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return good(alt.find((x) => x.type !== 'null') ?? alt[0]);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => good(x) as object));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return goodString(s);
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, s.minimum ?? 1), s.maximum ?? Infinity);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => good(s.items));
    case 'null':
      return null;
    case 'object':
    default:
      return Object.fromEntries((s.required ?? []).map((k) => [k, good(s.properties?.[k], k, path)]));
  }
}

// ---- bad values ----

const nested = (depth: number, leaf: unknown): unknown =>
  depth === 0 ? leaf : depth % 2 ? [nested(depth - 1, leaf)] : { a: nested(depth - 1, leaf) };

const nastyStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d',
  '',
  ' ',
  '\t\r\n',
  '%00',
  '%ED%A0%80',
  '../../../etc/passwd',
  "' OR '1'='1",
  '"); DROP TABLE accounts; --',
  '<script>alert(1)</script>',
  '<svg onload=alert(1)>',
  '__proto__',
  'constructor',
  '\u202e\u200b\ufeff',
  '😀',
  'zzz-not-in-any-list',
  'null',
  'true',
  '[]',
  '{}',
);
const oddDates = fc.constantFrom(
  '0000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30',
  '2026-13-01',
  '2026-01-01T25:61:61Z',
  'yesterday',
  '1e20',
);
const numberStrings = fc.constantFrom(
  '1e300',
  '-1e300',
  '1e20',
  '9223372036854775808',
  '-9223372036854775809',
  '2147483648',
  'NaN',
  'Infinity',
  '-1',
  '0.5',
  '0x10',
  '1_000',
);
const hugeNumbers = fc.constantFrom(
  1e300,
  -1e300,
  1e20,
  -1e20,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 63,
  -1,
  0,
  0.5,
  -0.5,
  5e-324,
  Number.MAX_SAFE_INTEGER,
);
const overlong = fc.constantFrom(101, 257, 1_001, 2_801, 10_001, 100_001).map((n) => 'a'.repeat(n));
const wrongTypes = fc.constantFrom<unknown>(true, false, null, [], {}, [1, 'a'], { a: 1 }, [[[]]], { __proto__: 1 });

/** Any bad value; every family is picked evenly, whatever its size. */
const anyBad: fc.Arbitrary<unknown> = fc.oneof(
  nastyStrings,
  oddDates,
  numberStrings,
  hugeNumbers,
  overlong,
  wrongTypes,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(40, 200).map((d) => nested(d, 'x')),
  fc.jsonValue({ maxDepth: 3 }),
);

const typeOf = (s: Schema | undefined): string | undefined => {
  if (!s) return undefined;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return typeOf(alt.find((x) => x.type !== 'null'));
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
};

/**
 * Bad values of the parameter's own type first — the ones its schema lets through and only the
 * handler or the database can refuse — and of any type after.
 */
function badFor(s: Schema | undefined): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown>[] = [];
  switch (typeOf(s)) {
    case 'string': {
      typed.push(nastyStrings, oddDates, numberStrings, fc.string({ unit: 'binary', maxLength: 40 }));
      const max = s?.maxLength;
      if (max !== undefined)
        typed.push(fc.constantFrom('a'.repeat(max), 'é'.repeat(max), '😀'.repeat(Math.max(1, Math.floor(max / 2)))));
      else typed.push(overlong);
      const matching = s?.pattern ? matchingArb(s.pattern, s.maxLength) : null;
      if (matching) typed.push(matching);
      if (s?.enum) typed.push(fc.constantFrom(...(s.enum as string[]), 'zzz', ''));
      if (s?.format === 'uuid') typed.push(fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000'));
      break;
    }
    case 'integer':
    case 'number': {
      const edges = [s?.minimum, s?.maximum].filter((x): x is number => typeof x === 'number');
      typed.push(
        hugeNumbers,
        fc.integer(),
        fc.constantFrom(...edges.flatMap((e) => [e, e - 1, e + 1, e + 0.5]), 0, -1, 1e15, 2 ** 31),
      );
      break;
    }
    case 'boolean':
      typed.push(fc.constantFrom('true', 'false', 1, 0, 'yes'));
      break;
    case 'array':
      typed.push(
        fc.array(badFor(s?.items), { maxLength: 5 }),
        fc.constantFrom(
          Array.from({ length: 1_000 }, () => 'x'),
          [null],
          [[]],
        ),
      );
      break;
    case 'object':
      typed.push(
        fc.dictionary(
          fc.constantFrom(...Object.keys(s?.properties ?? { x: 1 }), 'unknown', '__proto__', 'a\u0000b'),
          anyBad,
          { maxKeys: 4 },
        ),
      );
      break;
  }
  return typed.length
    ? fc.oneof({ arbitrary: fc.oneof(...typed), weight: 3 }, { arbitrary: anyBad, weight: 1 })
    : anyBad;
}

// ---- sending ----

/** Percent-encodes as UTF-8, and a lone surrogate as its three WTF-8 bytes (which no decoder accepts). */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cu = ch.charCodeAt(0);
    if (ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff) {
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}
const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

function request(op: Operation, target: Target, value: unknown) {
  let url = op.path;
  const query: string[] = [];
  for (const p of op.parameters) {
    const fuzzed = target.in === p.in && 'name' in target && target.name === p.name;
    if (p.in === 'path')
      url = url.replace(`{${p.name}}`, encode(asText(fuzzed ? value : good(p.schema, p.name, op.path))));
    else if (p.in === 'query' && (fuzzed || p.required)) {
      const v = fuzzed ? value : good(p.schema, p.name, op.path);
      for (const x of Array.isArray(v) && fuzzed ? v : [v]) query.push(`${encode(p.name)}=${encode(asText(x))}`);
    }
  }
  if (query.length) url += `?${query.join('&')}`;
  if (!op.body) return { method: op.method, url };
  if (op.body.type === 'multipart/form-data') {
    const text = asText(value);
    // A photo route takes images only: its well-formed file is a PNG.
    const file = op.path.includes('photo') ? pngBytes() : pdfBytes('fuzz');
    const part =
      target.in !== 'part'
        ? multipartBody(file, { filename: 'a.pdf', contentType: 'application/pdf' })
        : target.name === 'content'
          ? multipartBody(Buffer.from(text), { filename: 'a.pdf', contentType: 'application/pdf' })
          : multipartBody(file, {
              filename: target.name === 'filename' ? text : 'a.pdf',
              field: target.name === 'field' ? text : 'file',
            });
    return { method: op.method, url, ...part };
  }
  let body: unknown;
  if (target.in === 'whole-body') body = value;
  else {
    body = good(op.body.schema, '', op.path);
    if (target.in === 'body' && body && typeof body === 'object')
      (body as Record<string, unknown>)[target.name] = value;
  }
  if (op.body.type === 'application/json' || typeof body !== 'string') {
    return {
      method: op.method,
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body) ?? 'null',
    };
  }
  return { method: op.method, url, headers: { 'content-type': op.body.type }, payload: body };
}

/** Every operation of the OpenAPI document, with its parameters and the schema of its body. */
function operations(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const type = 'application/json' in content ? 'application/json' : Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        body: type ? { type, schema: content[type]?.schema ?? {} } : undefined,
      });
    }
  }
  return ops.filter((o) => !SKIP.has(`${o.method} ${o.path}`));
}

function targets(op: Operation): Target[] {
  const t: Target[] = op.parameters.map((p) => ({ in: p.in as 'path' | 'query', name: p.name }));
  if (op.body?.type === 'multipart/form-data')
    t.push({ in: 'part', name: 'content' }, { in: 'part', name: 'filename' }, { in: 'part', name: 'field' });
  else if (op.body) {
    t.push({ in: 'whole-body' });
    for (const name of Object.keys(op.body.schema.properties ?? {})) t.push({ in: 'body', name });
  }
  // An operation with no input at all still gets unexpected ones: an unknown query parameter.
  if (!t.length) t.push({ in: 'query', name: 'unexpected' });
  return t;
}

/** The schema of what a target fuzzes. */
function schemaOf(op: Operation, t: Target): Schema | undefined {
  if (t.in === 'part') return { type: 'string' };
  if (t.in === 'whole-body') return op.body?.schema;
  if (t.in === 'body') return op.body?.schema.properties?.[t.name];
  return op.parameters.find((p) => p.in === t.in && p.name === t.name)?.schema;
}

let s: TestServer;
let clients: [string, Client][];
let ops: Operation[];
beforeAll(async () => {
  s = await testServer();
  clients = [
    ['anonymous', s.anonymous],
    ['citizen', await s.login('congdan')],
    ['admin', await s.login('admin')],
  ];
  ops = operations(s.app.swagger() as Parameters<typeof operations>[0]);
  known = await realRows(clients[1]![1], clients[2]![1]);
});

/** One of each thing the API names by id, made or found through the API itself. */
async function realRows(citizen: Client, admin: Client): Promise<Record<string, string>> {
  const first = async (c: Client, url: string) =>
    ((await c.get(url)).json() as { items: { id: string }[] }).items[0]!.id;
  const upload = await citizen.request({
    method: 'POST',
    url: '/api/files',
    ...multipartBody(pdfBytes('fuzz'), { filename: 'a.pdf', contentType: 'application/pdf' }),
  });
  const sha256 = (upload.json() as { sha256: string }).sha256;
  const procedure = (await s.anonymous.get('/api/procedures/2.000488')).json() as {
    id: string;
    papers: { id: string; mandatory: boolean }[];
  };
  const agencies = (await admin.get('/api/directory/agencies?limit=200')).json() as {
    items: { id: string; key?: string; code: string }[];
  };
  const centre = agencies.items.find((a) => a.key === 'TTHCC') ?? agencies.items[0]!;
  const dossier = await citizen.post('/api/dossiers', {
    procedureId: procedure.id,
    receivingAgencyId: centre.id,
    formData: {
      applicantName: 'Hoàng Văn Dân',
      applicantIdNumber: '046090001234',
      applicantAddress: 'Huế',
      birthDate: '1990-05-12',
      slipKind: '1',
      copies: 1,
      purpose: 'Xin việc',
    },
    attachments: procedure.papers.filter((p) => p.mandatory).map((p) => ({ paperId: p.id, files: [sha256] })),
  });
  expect(dossier.statusCode, dossier.body).toBe(201);
  const categories = (await s.anonymous.get('/api/feedback/categories')).json() as { id: string; code: string }[];
  const report = await citizen.post('/api/feedback/reports', {
    category: categories[0]!.code,
    description: 'Đèn đường hỏng',
    lat: 16.4637,
    lng: 107.5909,
    confirmNew: true,
  });
  expect(report.statusCode, report.body).toBe(201);
  const rules = (await admin.get('/api/feedback/routing-rules')).json() as
    { id: string }[] | { items: { id: string }[] };
  return {
    sha256,
    procedure: procedure.id,
    agency: centre.id,
    unit: await first(admin, '/api/directory/units?limit=1'),
    person: await first(admin, '/api/directory/people?limit=1'),
    account: clients[1]![1].accountId!,
    dossier: (dossier.json() as { id: string }).id,
    dossierCode: (dossier.json() as { code: string }).code,
    report: (report.json() as { id: string }).id,
    category: categories[0]!.id,
    rule: (Array.isArray(rules) ? rules : rules.items)[0]?.id ?? NO_SUCH_ID,
  };
}
afterAll(() => s.close());

describe('the API fuzzed from its OpenAPI document', () => {
  it('finds the operations it fuzzes', () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/dossiers');
  });

  it('answers no generated bad input with a 5xx, for anyone', { timeout: 1_200_000 }, async () => {
    const failures: string[] = [];
    const interrupted: string[] = [];
    for (const op of ops) {
      const arb = fc.constantFrom(...targets(op)).chain((t) => fc.tuple(fc.constant(t), badFor(schemaOf(op, t))));
      for (const [who, client] of clients) {
        const result = await fc.check(
          fc.asyncProperty(arb, async ([target, value]) => {
            const r = await client.request(request(op, target, value) as Parameters<Client['request']>[0]);
            if (r.statusCode < 500) return true;
            const shown = asText(value);
            failures.push(
              `${op.method} ${op.path} as ${who}: ${JSON.stringify(target)} = ${JSON.stringify(shown.length > 120 ? `${shown.slice(0, 120)}… (${shown.length})` : shown)} → ${r.statusCode} ${r.body.slice(0, 200)}`,
            );
            return false;
          }),
          // A slow operation (a search over every document, a report export) gets a time budget instead of every run:
          // the suite stays minutes long as the API grows. The ones cut short are named below.
          {
            seed: SEED,
            numRuns: RUNS,
            endOnFailure: true,
            interruptAfterTimeLimit: OP_BUDGET_MS,
            markInterruptAsFailure: false,
          },
        );
        if (result.interrupted) interrupted.push(`${op.method} ${op.path} as ${who} (${result.numRuns} runs)`);
        if (result.failed && !result.counterexample)
          failures.push(`${op.method} ${op.path} as ${who}: ${String(result.errorInstance)}`);
      }
    }
    if (interrupted.length) console.info(`fuzzing cut short by its time budget: ${interrupted.join('; ')}`);
    expect(failures).toEqual([]);
  });
});
