import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../testing/index.js';
import { helmetHeaders } from './app.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(() => s.close());

describe('http basics', () => {
  it('answers /health with ok', async () => {
    const r = await s.anonymous.get('/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('readiness touches the database', async () => {
    const r = await s.anonymous.get('/ready');
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('ready');
  });

  it('serves a valid OpenAPI 3 document at /docs/json', async () => {
    const r = await s.anonymous.get('/docs/json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/auth/login'].post).toBeDefined();
    expect(doc.paths['/health'].get).toBeDefined();
  });

  it('answers a malformed JSON body with a bilingual problem+json 400', async () => {
    const r = await s.anonymous.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "a", ',
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = r.json();
    expect(p.code).toBe('malformed-json');
    expect(p.messages.vi.title).toBeTruthy();
    expect(p.messages.en.title).toBeTruthy();
  });

  it('lists each invalid field of a body that breaks the schema', async () => {
    const r = await s.anonymous.post('/api/auth/login', { username: 5, extra: true });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('validation');
    const fields = p.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('/body/password');
    expect(p.errors.every((e: { message: { vi: string; en: string } }) => e.message.vi && e.message.en)).toBe(true);
  });

  it('answers in English when asked', async () => {
    const r = await s.anonymous.get('/api/nothing-here', { 'accept-language': 'en-US,en;q=0.9' });
    expect(r.statusCode).toBe(404);
    expect(r.json().title).toBe('Not found');
    const vi = await s.anonymous.get('/api/nothing-here');
    expect(vi.json().title).toBe('Không tìm thấy');
  });

  it('refuses an oversize body with 413', async () => {
    const r = await s.anonymous.request({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(r.statusCode).toBe(413);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });

  it('sets security headers and a request id: the API set on JSON answers, the page set on pages', async () => {
    const r = await s.anonymous.get('/health', { 'x-request-id': 'abc12345-test' });
    expect(r.headers['x-request-id']).toBe('abc12345-test');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    const problem = await s.anonymous.get('/api/nothing-here');
    expect(problem.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    const page = await s.anonymous.get('/docs');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    // The API explorer sets its own policy for its page: it is kept, not replaced.
    expect(page.headers['content-security-policy']).toContain('validator.swagger.io');
  });

  it('keeps the page policy helmet gives with the project’s directives', () => {
    const h = helmetHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
    });
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
  });
});
