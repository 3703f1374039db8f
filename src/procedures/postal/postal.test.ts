import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { citizenAccount, demoPlaces } from '../../directory/test-fixtures.js';
import { act, makeProcedure, submitDossier, uploadPdf, type TestProcedure } from '../dossiers/test-fixtures.js';
import { SIGNATURE_HEADER } from './carrier.js';
import { postalEvents, postalShipments } from './schema.js';
import { s10Code, TestCarrierServer } from './testing/carrier-server.js';

const SECRET = 'bi-mat-buu-chinh';
let s: TestServer;
let carrier: TestCarrierServer;
let citizen: Client;
let other: Client;
let officer: Client;
let specialist: Client;
let leader: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let proc: TestProcedure;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  carrier = await new TestCarrierServer(SECRET).start();
  const port = await freePort();
  s = await testServer({
    config: { publicUrl: `http://127.0.0.1:${port}`, postal: { carrier: 'vnpost', url: carrier.url, secret: SECRET } },
  });
  // The carrier calls back over HTTP, as it would in production.
  await s.app.listen({ port, host: '127.0.0.1' });
  citizen = await s.login('congdan');
  other = await citizenAccount(s);
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  leader = await s.login('lanhdao');
  places = await demoPlaces(s);
  proc = await makeProcedure(s.ctx.db);
});
afterAll(async () => {
  await s?.close();
  await carrier?.stop();
});

const address = '12 Lê Lợi, phường Thuận Hóa, thành phố Huế';
const eventCount = async () => (await s.ctx.db.select({ n: count() }).from(postalEvents))[0]!.n;

async function approved(): Promise<string> {
  const d = await submitDossier(citizen, proc, {
    receivingAgencyId: places.centre,
    applicant: { phone: '0912345678' },
  });
  await act(officer, d.id, 'receive');
  await act(officer, d.id, 'assign', { handlerId: specialist.accountId });
  await act(specialist, d.id, 'process-step');
  await act(specialist, d.id, 'process-step');
  await act(leader, d.id, 'approve');
  return d.id;
}

describe('the result returned by post (bưu chính công ích)', () => {
  it('goes handed over → in transit → delivered through the carrier test server’s signed callbacks', async () => {
    const rates = (await s.anonymous.get('/api/postal/rates')).json() as { code: string; amount: number }[];
    const rate = rates.find((r) => r.code === 'noi-tinh')!;
    const id = await approved();
    const asked = await citizen.post(`/api/dossiers/${id}/postal-return`, { rateCode: 'noi-tinh', address });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({
      status: 'requested',
      fee: rate.amount,
      address,
      recipientPhone: '0912345678',
    });
    expect(
      (await citizen.post(`/api/dossiers/${id}/postal-return`, { rateCode: 'noi-tinh', address })).statusCode,
    ).toBe(409);

    // Not before the result exists.
    const early = await officer.post(`/api/dossiers/${id}/postal-return/handover`, {});
    expect(early.statusCode).toBe(409);
    await act(specialist, id, 'attach-result', { sha256: await uploadPdf(specialist, 'Kết quả') });
    // Only the receiving desk hands over.
    expect((await specialist.post(`/api/dossiers/${id}/postal-return/handover`, {})).statusCode).toBe(403);
    const h = await officer.post(`/api/dossiers/${id}/postal-return/handover`, {});
    expect(h.statusCode, h.body).toBe(200);
    const code = h.json().trackingCode as string;
    expect(code).toMatch(/^EB\d{9}VN$/);
    expect(h.json()).toMatchObject({ status: 'handed_over', carrier: 'vnpost' });
    expect(carrier.shipments.get(code)).toMatchObject({
      address,
      callbackUrl: expect.stringContaining('/api/postal/callback/vnpost'),
    });
    expect((await officer.get(`/api/dossiers/${id}`)).json().status).toBe('returned');

    expect(await carrier.advance(code, 'in_transit')).toMatchObject({
      status: 200,
      body: { ok: true, duplicate: false, status: 'in_transit' },
    });
    expect(await carrier.advance(code, 'delivered')).toMatchObject({ status: 200, body: { status: 'delivered' } });
    const seen = (await citizen.get(`/api/dossiers/${id}/postal`)).json().items[0] as {
      status: string;
      events: { status: string }[];
    };
    expect(seen.status).toBe('delivered');
    expect(seen.events.map((e) => e.status)).toEqual(['requested', 'handed_over', 'in_transit', 'delivered']);
    // Nothing follows delivery.
    expect((await carrier.advance(code, 'returned_to_sender')).status).toBe(409);
  });

  it('a callback with a wrong signature, too old, for an unknown shipment, or sent twice changes nothing', async () => {
    const id = await approved();
    await citizen.post(`/api/dossiers/${id}/postal-return`, { rateCode: 'ngoai-tinh', address });
    await act(specialist, id, 'attach-result', { sha256: await uploadPdf(specialist, 'Kết quả 2') });
    const code = (await officer.post(`/api/dossiers/${id}/postal-return/handover`, {})).json().trackingCode as string;
    const post = (raw: string, signature: string) =>
      s.anonymous.request({
        method: 'POST',
        url: '/api/postal/callback/vnpost',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
        payload: raw,
      });
    const before = await eventCount();

    const forged = carrier.notification(code, 'delivered', { secret: 'sai-khoa' });
    const r1 = await post(forged.raw, forged.signature);
    expect(r1.statusCode).toBe(401);
    expect(r1.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r1.json()).toMatchObject({ code: 'callback-signature' });
    const tampered = carrier.notification(code, 'in_transit');
    expect((await post(tampered.raw.replace('in_transit', 'delivered'), tampered.signature)).statusCode).toBe(401);
    const stale = carrier.notification(code, 'delivered', { t: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(stale.raw, stale.signature)).json()).toMatchObject({ status: 401, code: 'callback-stale' });
    const unknown = carrier.notification(s10Code(99_999_999), 'delivered');
    const r4 = await post(unknown.raw, unknown.signature);
    expect(r4.statusCode).toBe(404);
    expect(r4.json()).toMatchObject({ code: 'shipment-not-found' });
    expect(await eventCount()).toBe(before);
    const [shipment] = await s.ctx.db.select().from(postalShipments).where(eq(postalShipments.trackingCode, code));
    expect(shipment!.status).toBe('handed_over');

    const once = carrier.notification(code, 'returned_to_sender', { eventId: 'ev-1' });
    expect((await post(once.raw, once.signature)).json()).toMatchObject({
      duplicate: false,
      status: 'returned_to_sender',
    });
    expect((await post(once.raw, once.signature)).json()).toMatchObject({
      duplicate: true,
      status: 'returned_to_sender',
    });
    expect(await eventCount()).toBe(before + 1);
  });

  it('another citizen cannot ask for someone’s result by post; an unknown rate is refused', async () => {
    const id = await approved();
    expect((await other.post(`/api/dossiers/${id}/postal-return`, { rateCode: 'noi-tinh', address })).statusCode).toBe(
      404,
    );
    const bad = await citizen.post(`/api/dossiers/${id}/postal-return`, { rateCode: 'bay', address });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ code: 'unknown-rate' });
    expect(
      (await s.ctx.db.select({ n: count() }).from(postalShipments).where(eq(postalShipments.dossierId, id)))[0]!.n,
    ).toBe(0);
  });
});

describe('dossiers brought by the postal service', () => {
  it('the receiving desk records the postal intake with its tracking code, once; another agency’s staff may not', async () => {
    const d = await submitDossier(citizen, proc, { receivingAgencyId: places.centre });
    const body = { trackingCode: s10Code(55_555_555), senderAddress: address };
    expect((await specialist.post(`/api/dossiers/${d.id}/postal-intake`, body)).statusCode).toBe(403);
    const r = await officer.post(`/api/dossiers/${d.id}/postal-intake`, body);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ direction: 'intake', status: 'delivered', trackingCode: body.trackingCode });
    expect((await officer.post(`/api/dossiers/${d.id}/postal-intake`, body)).statusCode).toBe(409);
  });
});
