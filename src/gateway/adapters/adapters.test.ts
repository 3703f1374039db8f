/**
 * The national adapters against their HTTP test servers: every dossier status change reaches the National Public
 * Service Portal exactly once, also when the portal fails twice first; the one-stop shop's population lookup goes
 * through the gateway's adapter with the citizen's consent, logged; the national payment platform creates a payment
 * and its signed result is accepted, a forged one refused.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { citizenAccount, demoPlaces } from '../../directory/test-fixtures.js';
import { procedurePapers } from '../../procedures/catalog/schema.js';
import {
  act,
  makeProcedure,
  submitDossier,
  uploadPdf,
  type TestProcedure,
} from '../../procedures/dossiers/test-fixtures.js';
import { gatewayOf, PORTAL_DELIVER_JOB, scanStatusChanges } from '../index.js';
import { gatewayPortalSync } from '../schema.js';
import { NationalPaymentPlatform, nppSignature } from './national-payment.js';
import {
  startTestPaymentPlatform,
  startTestPopulation,
  startTestPortal,
  type TestPaymentPlatform,
  type TestPopulation,
  type TestPortal,
} from './testing/servers.js';

let s: TestServer;
let portal: TestPortal;
let population: TestPopulation;
let pay: TestPaymentPlatform;
let citizen: Client;
let officer: Client;
let proc: TestProcedure;
let places: Awaited<ReturnType<typeof demoPlaces>>;

beforeAll(async () => {
  [portal, population, pay] = await Promise.all([
    startTestPortal('portal-token'),
    startTestPopulation(
      [{ idNumber: '046090001234', fullName: 'Nguyễn Văn Dân', dateOfBirth: '1990-05-01' }],
      'population-token',
    ),
    startTestPaymentPlatform('npp-secret'),
  ]);
  // The adapters read their configuration when the server is built.
  Object.assign(process.env, {
    NPSP_URL: portal.url,
    NPSP_TOKEN: 'portal-token',
    POPULATION_URL: population.url,
    POPULATION_TOKEN: 'population-token',
  });
  s = await testServer();
  citizen = await citizenAccount(s, 'Nguyễn Văn Dân');
  officer = await s.login('motcua');
  places = await demoPlaces(s);
  proc = await makeProcedure(s.ctx.db);
  // Building a server on a busy CI machine can take a while.
}, 180_000);
afterAll(async () => {
  for (const k of ['NPSP_URL', 'NPSP_TOKEN', 'POPULATION_URL', 'POPULATION_TOKEN']) delete process.env[k];
  await s?.close();
  await Promise.all([portal?.close(), population?.close(), pay?.close()]);
});

/** Runs due jobs; a failed delivery's retry is made due at once instead of waiting for its back-off. */
async function drainWithRetries(rounds: number) {
  for (let i = 0; i < rounds; i++) {
    await s.ctx.jobs.drain();
    await s.ctx.db.execute(sql`UPDATE jobs SET run_at = now() WHERE kind = ${PORTAL_DELIVER_JOB} AND status <> 'done'`);
  }
  await s.ctx.jobs.drain();
}

describe('National Public Service Portal', () => {
  it('a dossier’s status changes each reach the portal exactly once, also when the portal fails twice first', async () => {
    const d = await submitDossier(citizen, proc, {
      receivingAgencyId: places.centre,
      applicant: { name: 'Nguyễn Văn Dân', idNumber: '046090001234', phone: '0912345678' },
    });
    await act(officer, d.id, 'receive');
    const changes = await queryRows<{ id: number | string; to_status: string }>(
      s.ctx.db,
      sql`SELECT id, to_status FROM dossier_actions WHERE dossier_id = ${d.id} AND from_status IS DISTINCT FROM to_status ORDER BY id`,
    );
    expect(changes.length).toBeGreaterThanOrEqual(2);
    // Scanned twice (two instances, or two rounds): queued once.
    const queued = await scanStatusChanges(s.ctx);
    expect(queued).toBeGreaterThanOrEqual(changes.length);
    expect(await scanStatusChanges(s.ctx)).toBe(0);
    portal.failNext(2);
    const before = portal.attempts;
    await drainWithRetries(3);
    for (const c of changes) {
      expect(portal.receipts.get(`tinhso-${c.id}`)).toMatchObject({ maHoSo: d.code, trangThai: c.to_status });
      const [sync] = await s.ctx.db
        .select()
        .from(gatewayPortalSync)
        .where(eq(gatewayPortalSync.actionId, Number(c.id)));
      expect(sync?.deliveredAt).toBeInstanceOf(Date);
    }
    // Two failures, then one accepted delivery per queued change: nothing was sent twice.
    expect(portal.attempts - before).toBe(queued + 2);
    // The deliveries are in the exchange log, the failures too.
    await gatewayOf(s.ctx).writer.flushed();
    const rows = await queryRows<{ status: number }>(
      s.ctx.db,
      sql`SELECT status FROM gateway_exchange_log WHERE member_code = 'dichvucong.gov.vn' ORDER BY seq`,
    );
    expect(rows.filter((r) => r.status === 503).length).toBe(2);
    expect(rows.filter((r) => r.status === 200).length).toBe(queued);
  }, 120_000);
});

describe('population database', () => {
  it('a paper taken from the population database is looked up through the gateway with the citizen’s consent, and the lookup is logged', async () => {
    const [paper] = await s.ctx.db
      .insert(procedurePapers)
      .values({
        procedureId: proc.id,
        ordinal: 3,
        name: 'Giấy tờ tùy thân',
        kindCode: 'giay-to-tuy-than',
        provision: 'national',
        nationalSource: 'population',
        mandatory: true,
      })
      .returning();
    const r = await citizen.post('/api/dossiers', {
      procedureId: proc.id,
      receivingAgencyId: places.centre,
      applicant: { name: 'Nguyễn Văn Dân', idNumber: '046090001234', phone: '0912345678' },
      attachments: [
        { paperId: proc.papers.form, files: [await uploadPdf(citizen)] },
        { paperId: paper!.id, source: 'national', consent: true },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const att = (r.json() as { attachments: { paperId: string; source?: string }[] }).attachments.find(
      (a) => a.paperId === paper!.id,
    );
    expect(att?.source).toBe('national');
    expect(population.lookups).toHaveLength(1);
    expect(population.lookups[0]).toMatchObject({ idNumber: '046090001234' });
    expect(population.lookups[0]!.consentAt).toMatch(/^\d{4}-/);
    expect(decodeURIComponent(population.lookups[0]!.purpose!)).toContain(proc.code);
    await gatewayOf(s.ctx).writer.flushed();
    const [row] = await queryRows<{ path: string; status: number }>(
      s.ctx.db,
      sql`SELECT path, status FROM gateway_exchange_log WHERE member_code = 'csdl-dan-cu'`,
    );
    expect(row).toMatchObject({ status: 200 });
    expect(row!.path).toContain('consent');
  });
});

describe('national payment platform', () => {
  it('creates a payment with a signed request; accepts a signed fresh result and refuses a forged or stale one', async () => {
    const npp = new NationalPaymentPlatform(gatewayOf(s.ctx), {
      url: pay.url,
      merchantCode: 'H57-TTHCC',
      secret: 'npp-secret',
    });
    const created = await npp.create({
      orderRef: 'LP-0001',
      amount: 100_000,
      description: 'Lệ phí',
      returnUrl: 'https://tinhso.local/r',
      notifyUrl: 'https://tinhso.local/n',
    });
    expect(pay.payments.get(created.paymentRef)).toEqual({ orderRef: 'LP-0001', amount: 100_000 });
    const raw = JSON.stringify({
      orderRef: 'LP-0001',
      paymentRef: created.paymentRef,
      amount: 100_000,
      status: 'paid',
      eventId: 'e1',
    });
    const t = Math.floor(Date.now() / 1000);
    expect(npp.verify({ timestamp: String(t), signature: nppSignature('npp-secret', t, raw) }, raw)).toMatchObject({
      ok: true,
      result: { status: 'paid' },
    });
    expect(npp.verify({ timestamp: String(t), signature: nppSignature('other', t, raw) }, raw)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(
      npp.verify({ timestamp: String(t - 3600), signature: nppSignature('npp-secret', t - 3600, raw) }, raw),
    ).toEqual({ ok: false, reason: 'stale' });
    await expect(
      npp.create({ orderRef: 'x', amount: -1, description: '', returnUrl: '', notifyUrl: '' }),
    ).rejects.toThrow();
  });
});
