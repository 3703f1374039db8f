/**
 * A postal carrier speaking carrier.ts's protocol over real HTTP, for tests and demos: it accepts signed
 * shipment orders, answers UPU S10 tracking codes (EB…VN), and, when told, calls the platform back with
 * signed delivery updates.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { signPostal, SIGNATURE_HEADER, type DeliveryEvent, type ShipmentOrder } from '../carrier.js';

/** The S10 check digit (UPU): weights 8 6 4 2 3 5 9 7 over the serial. */
export function s10Code(serial: number, prefix = 'EB', country = 'VN'): string {
  const digits = String(serial).padStart(8, '0').slice(-8);
  const sum = [8, 6, 4, 2, 3, 5, 9, 7].reduce((s, w, i) => s + w * Number(digits[i]), 0);
  const c = 11 - (sum % 11);
  return `${prefix}${digits}${c === 10 ? 0 : c === 11 ? 5 : c}${country}`;
}

export class TestCarrierServer {
  readonly shipments = new Map<string, ShipmentOrder & { trackingCode: string }>();
  private byReference = new Map<string, string>();
  private server: http.Server | null = null;
  private serial = 12_345_670;
  url = '';

  constructor(readonly secret: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/shipments') return this.create(req, raw, res);
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
    const header = String(req.headers[SIGNATURE_HEADER] ?? '');
    const t = Number(/t=(\d+)/.exec(header)?.[1]);
    if (header !== signPostal(this.secret, t, raw)) return void res.writeHead(401).end();
    const o = JSON.parse(raw) as ShipmentOrder;
    // The same order twice is one shipment.
    const trackingCode = this.byReference.get(o.reference) ?? s10Code(++this.serial);
    this.byReference.set(o.reference, trackingCode);
    this.shipments.set(trackingCode, { ...o, trackingCode });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ trackingCode }));
  }

  /** The body and signature of an update (tests tamper with them). */
  notification(
    trackingCode: string,
    status: DeliveryEvent['status'],
    o: { eventId?: string; t?: number; secret?: string; at?: string } = {},
  ) {
    const event: DeliveryEvent = {
      eventId: o.eventId ?? crypto.randomUUID(),
      trackingCode,
      status,
      at: o.at ?? new Date().toISOString(),
    };
    const raw = JSON.stringify(event);
    return { raw, signature: signPostal(o.secret ?? this.secret, o.t ?? Math.floor(Date.now() / 1000), raw), event };
  }

  /** Reports a delivery update to the shipment's callback URL over HTTP; answers the platform's status and body. */
  async advance(
    trackingCode: string,
    status: DeliveryEvent['status'],
    o: { eventId?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const s = this.shipments.get(trackingCode);
    if (!s) throw new Error(`no shipment ${trackingCode}`);
    const n = this.notification(trackingCode, status, o);
    const res = await fetch(s.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: n.signature },
      body: n.raw,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }
}
