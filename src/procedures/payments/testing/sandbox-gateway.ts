/**
 * A sandbox payment gateway speaking the protocol of gateway.ts over real HTTP: it accepts signed
 * create calls and, when told a payer finished, calls the merchant back with a signed notification.
 * Tests use it; it can also stand in for a gateway in a demo.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { sign } from '../gateway.js';

export interface SandboxPayment {
  paymentRef: string;
  orderRef: string;
  amount: number;
  callbackUrl: string;
}

export class SandboxGateway {
  readonly payments = new Map<string, SandboxPayment>();
  private server: http.Server | null = null;
  url = '';
  /** When set, create calls answer this status (to test a gateway that is down). */
  failCreate: number | null = null;

  constructor(
    readonly merchant: string,
    readonly secret: string,
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/payments') return this.create(req, raw, res);
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private create(req: http.IncomingMessage, raw: string, res: http.ServerResponse) {
    if (this.failCreate) return void res.writeHead(this.failCreate).end();
    const t = Number(/t=(\d+)/.exec(String(req.headers['x-signature']))?.[1]);
    if (req.headers['x-signature'] !== sign(this.secret, t, raw)) return void res.writeHead(401).end();
    const b = JSON.parse(raw) as { merchant: string; orderRef: string; amount: number; callbackUrl: string };
    if (b.merchant !== this.merchant) return void res.writeHead(403).end();
    const paymentRef = `SBX${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
    this.payments.set(paymentRef, { paymentRef, orderRef: b.orderRef, amount: b.amount, callbackUrl: b.callbackUrl });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ paymentRef, payUrl: `${this.url}/pay/${paymentRef}` }));
  }

  /** The body and signature header the gateway would send for an outcome (tests tamper with them). */
  notification(
    paymentRef: string,
    status: 'paid' | 'failed',
    o: { eventId?: string; amount?: number; t?: number; secret?: string } = {},
  ) {
    const p = this.payments.get(paymentRef)!;
    const raw = JSON.stringify({
      merchant: this.merchant,
      orderRef: p.orderRef,
      paymentRef,
      amount: o.amount ?? p.amount,
      status,
      eventId: o.eventId ?? crypto.randomUUID(),
    });
    return { raw, signature: sign(o.secret ?? this.secret, o.t ?? Math.floor(Date.now() / 1000), raw) };
  }
}
