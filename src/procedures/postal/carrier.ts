/**
 * The postal carrier (bưu chính công ích, Quyết định 45/2016/QĐ-TTg) behind an adapter: the desk hands
 * it a result to carry and it answers a tracking code; its delivery updates come back by signed callback:
 * `X-Postal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`, accepted only
 * with a valid signature, within the time window, and once per event id.
 */
import crypto from 'node:crypto';
import type { ShipmentStatus } from './schema.js';

export interface ShipmentOrder {
  /** Our shipment id: the carrier answers the same tracking code when asked twice. */
  reference: string;
  recipientName: string;
  recipientPhone: string | null;
  address: string;
  /** Where the carrier sends its delivery updates. */
  callbackUrl: string;
}

export interface PostalCarrier {
  readonly name: string;
  createShipment(o: ShipmentOrder): Promise<{ trackingCode: string }>;
}

export interface CarrierConfig {
  carrier: string;
  url: string;
  secret: string;
  /** How old a callback may be (s, default 300). */
  toleranceSec?: number;
}

/** What the carrier reports. */
export interface DeliveryEvent {
  eventId: string;
  trackingCode: string;
  status: Extract<ShipmentStatus, 'in_transit' | 'delivered' | 'returned_to_sender'>;
  at: string;
  note?: string;
}

export const SIGNATURE_HEADER = 'x-postal-signature';

export const signPostal = (secret: string, t: number, raw: string) =>
  `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')}`;

export type VerifiedEvent =
  { ok: true; event: DeliveryEvent } | { ok: false; reason: 'signature' | 'stale' | 'malformed' };

const REPORTED = ['in_transit', 'delivered', 'returned_to_sender'];

/** Checks a callback's signature over its raw body, its age, and its shape. */
export function verifyDeliveryEvent(
  cfg: CarrierConfig,
  header: string | undefined,
  raw: string,
  nowSec = Math.floor(Date.now() / 1000),
): VerifiedEvent {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, reason: 'signature' };
  const t = Number(m[1]);
  const expected = Buffer.from(signPostal(cfg.secret, t, raw).split('v1=')[1]!, 'hex');
  if (!crypto.timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))) return { ok: false, reason: 'signature' };
  if (Math.abs(nowSec - t) > (cfg.toleranceSec ?? 300)) return { ok: false, reason: 'stale' };
  let b: Partial<DeliveryEvent>;
  try {
    b = JSON.parse(raw) as Partial<DeliveryEvent>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof b !== 'object' || b === null) return { ok: false, reason: 'malformed' };
  const okString = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
  if (
    !okString(b.eventId, 100) ||
    !okString(b.trackingCode, 40) ||
    !REPORTED.includes(b.status as string) ||
    !okString(b.at, 40) ||
    Number.isNaN(Date.parse(b.at!))
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (b.note !== undefined && !okString(b.note, 500)) return { ok: false, reason: 'malformed' };
  return { ok: true, event: b as DeliveryEvent };
}

/** A carrier reached over HTTP: `POST {url}/shipments`, signed like its callbacks. */
export class HttpPostalCarrier implements PostalCarrier {
  constructor(private readonly cfg: CarrierConfig) {}

  get name() {
    return this.cfg.carrier;
  }

  async createShipment(o: ShipmentOrder): Promise<{ trackingCode: string }> {
    const raw = JSON.stringify(o);
    const res = await fetch(new URL('/shipments', this.cfg.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signPostal(this.cfg.secret, Math.floor(Date.now() / 1000), raw),
      },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`postal carrier answered ${res.status}`);
    const out = (await res.json()) as { trackingCode?: unknown };
    if (typeof out.trackingCode !== 'string' || !out.trackingCode)
      throw new Error('postal carrier answered without a tracking code');
    return { trackingCode: out.trackingCode };
  }
}

/** Which status may follow which: a delivered or returned item is done; updates never go back to "handed over". */
const NEXT: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  requested: ['handed_over', 'cancelled'],
  handed_over: ['in_transit', 'delivered', 'returned_to_sender'],
  in_transit: ['in_transit', 'delivered', 'returned_to_sender'],
  delivered: [],
  returned_to_sender: [],
  cancelled: [],
};

export const mayFollow = (from: ShipmentStatus, to: ShipmentStatus) => NEXT[from].includes(to);
