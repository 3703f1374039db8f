/**
 * HTTP test servers standing in for the national systems in tests and the demo (never a source of truth): the
 * National Public Service Portal, the population database and the national payment platform, each speaking the
 * interface its adapter defines, on 127.0.0.1 and a random port.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nppSignature } from '../national-payment.js';

export interface TestServerHandle {
  url: string;
  close(): Promise<void>;
}

function listen(
  handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
): Promise<TestServerHandle & { server: http.Server }> {
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => handler(req, Buffer.concat(parts).toString('utf8'), res));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export interface TestPortal extends TestServerHandle {
  /** Receipts accepted, one per idempotency key. */
  receipts: Map<string, Record<string, unknown>>;
  /** Every request, accepted or failed. */
  attempts: number;
  failNext(n: number): void;
}

/** The National Public Service Portal's status endpoint: fails the next `n` requests on demand, dedupes by key. */
export async function startTestPortal(token = 'test-token'): Promise<TestPortal> {
  let failing = 0;
  const receipts = new Map<string, Record<string, unknown>>();
  const h = await listen((req, body, res) => {
    portal.attempts++;
    if (req.method !== 'POST' || req.url !== '/dossiers/status') return json(res, 404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: 'unauthorized' });
    if (failing > 0) {
      failing--;
      return json(res, 503, { error: 'temporarily unavailable' });
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    if (!key) return json(res, 400, { error: 'idempotency key required' });
    if (!receipts.has(key)) receipts.set(key, JSON.parse(body) as Record<string, unknown>);
    json(res, 200, { received: true, key });
  });
  const portal: TestPortal = { ...h, receipts, attempts: 0, failNext: (n) => void (failing = n) };
  return portal;
}

export interface TestPopulation extends TestServerHandle {
  /** Each lookup with the consent headers it carried. */
  lookups: {
    idNumber: string;
    consentAt: string | undefined;
    subject: string | undefined;
    purpose: string | undefined;
  }[];
}

export async function startTestPopulation(
  people: { idNumber: string; fullName: string; dateOfBirth?: string; address?: string }[],
  token = 'test-token',
): Promise<TestPopulation> {
  const byId = new Map(people.map((p) => [p.idNumber, p]));
  const lookups: TestPopulation['lookups'] = [];
  const h = await listen((req, body, res) => {
    if (req.method !== 'POST' || req.url !== '/citizens/lookup') return json(res, 404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: 'unauthorized' });
    const q = JSON.parse(body) as { soDinhDanh: string };
    lookups.push({
      idNumber: q.soDinhDanh,
      consentAt: req.headers['x-consent-at'] as string | undefined,
      subject: req.headers['x-consent-subject'] as string | undefined,
      purpose: req.headers['x-lgsp-purpose'] as string | undefined,
    });
    if (!req.headers['x-consent-at']) return json(res, 403, { error: 'consent required' });
    const p = byId.get(q.soDinhDanh);
    json(
      res,
      200,
      p
        ? { found: true, hoVaTen: p.fullName, ngaySinh: p.dateOfBirth ?? null, noiThuongTru: p.address ?? null }
        : { found: false },
    );
  });
  return { ...h, lookups };
}

export interface TestPaymentPlatform extends TestServerHandle {
  payments: Map<string, { orderRef: string; amount: number }>;
}

export async function startTestPaymentPlatform(secret: string): Promise<TestPaymentPlatform> {
  const payments = new Map<string, { orderRef: string; amount: number }>();
  const h = await listen((req, body, res) => {
    if (req.method !== 'POST' || req.url !== '/payments') return json(res, 404, { error: 'not found' });
    const t = Number(req.headers['x-timestamp']);
    if (req.headers['x-signature'] !== nppSignature(secret, t, body)) return json(res, 401, { error: 'bad signature' });
    const b = JSON.parse(body) as { orderRef: string; amount: number };
    const paymentRef = `NPP${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
    payments.set(paymentRef, { orderRef: b.orderRef, amount: b.amount });
    json(res, 201, { paymentRef, payUrl: `${h.url}/pay/${paymentRef}` });
  });
  return { ...h, payments };
}
