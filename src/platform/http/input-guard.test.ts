import { describe, expect, it } from 'vitest';
import {
  badText,
  boundSchema,
  DATE_PATTERN,
  findBadInput,
  findNonFinite,
  INT4_MAX,
  INT4_MIN,
  malformedQuery,
  MAX_JSON_DEPTH,
} from './input-guard.js';

const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nest(depth - 1) });

describe('text PostgreSQL cannot store', () => {
  it('finds NUL and lone surrogates, and lets every real character through', () => {
    expect(badText('Thừa Thiên Huế 😀 \u200b\ufeff')).toBeNull();
    expect(badText('a\u0000b')).toBe('nul');
    expect(badText('\ud800')).toBe('surrogate');
    expect(badText('x\udc00')).toBe('surrogate');
    expect(badText('\ud83d\ude00\ud83d')).toBe('surrogate');
  });

  it('names the first bad string or key by its JSON pointer', () => {
    expect(findBadInput({ a: [1, { 'b/c': 'x\u0000' }] }, '/body')).toEqual({ field: '/body/a/1/b~1c', why: 'nul' });
    expect(findBadInput({ ok: 'yes', ['k\ud800']: 1 }, '/body')).toEqual({ field: '/body/k\ufffd', why: 'surrogate' });
    expect(findBadInput({ a: 'fine', b: [true, null, 3] }, '/body')).toBeNull();
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, and only that`, () => {
    expect(findBadInput(nest(MAX_JSON_DEPTH), '/body')).toBeNull();
    expect(findBadInput(nest(MAX_JSON_DEPTH + 1), '/body')?.why).toBe('depth');
  });

  it('finds %-escapes that are no UTF-8 in the query, and nothing in a good one', () => {
    expect(malformedQuery('/x?q=%ED%A0%80')).toBe(true);
    expect(malformedQuery('/x?q=%F0%9F')).toBe(true);
    expect(malformedQuery('/x?a=1&%zz=2')).toBe(true);
    expect(malformedQuery('/x?q=Hu%E1%BA%BF&n=50%25')).toBe(false);
    expect(malformedQuery('/x/%ED%A0%80')).toBe(false);
  });

  it('finds the ±Infinity a query coerces to', () => {
    expect(findNonFinite({ limit: Infinity }, '/querystring')).toBe('/querystring/limit');
    expect(findNonFinite({ ids: [1, -Infinity] }, '/querystring')).toBe('/querystring/ids/1');
    expect(findNonFinite({ limit: 5, q: 'Infinity' }, '/querystring')).toBeNull();
  });
});

describe('bounds a route schema forgot', () => {
  it('puts integers within PostgreSQL’s integer and dates within 1900–2199, keeping bounds already given', () => {
    const schema = {
      type: 'object',
      properties: {
        offset: { type: 'integer', minimum: 0 },
        limit: { type: 'integer', minimum: 1, maximum: 500 },
        before: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        from: { type: 'string', format: 'date-time' },
        code: { type: 'string', format: 'date', pattern: '^2026' },
        list: { type: 'array', items: { type: 'integer' } },
      },
    };
    boundSchema(schema);
    const p = schema.properties as Record<string, Record<string, unknown>>;
    expect(p.offset).toEqual({ type: 'integer', minimum: 0, maximum: INT4_MAX });
    expect(p.limit).toEqual({ type: 'integer', minimum: 1, maximum: 500 });
    expect((p.before!.anyOf as object[])[0]).toEqual({ type: 'integer', minimum: INT4_MIN, maximum: INT4_MAX });
    expect(p.from!.pattern).toBe(DATE_PATTERN);
    expect(p.code!.pattern).toBe('^2026');
    expect((p.list!.items as Record<string, unknown>).maximum).toBe(INT4_MAX);
    expect(new RegExp(DATE_PATTERN).test('0000-01-01')).toBe(false);
    expect(new RegExp(DATE_PATTERN).test('2026-03-02T08:00:00Z')).toBe(true);
  });
});
