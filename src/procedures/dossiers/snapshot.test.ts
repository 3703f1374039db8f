/**
 * A dossier follows the workflow of its receipt: an administrator editing the procedure's workflow
 * changes the path of dossiers received afterwards, not of those already under way.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { agencyByCode } from '../../directory/index.js';
import { queryRows } from '../../platform/index.js';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { procedureWorkflow } from '../catalog/service.js';
import { dossiers } from './schema.js';
import { agencyId, makeProcedure, uploadPdf, type TestProcedure } from './test-fixtures.js';
import { snapshotOf, workflowSnapshot } from './workflow.js';

let s: TestServer;
let admin: Client;
let citizen: Client;
let officer: Client;
let specialist: Client;
let police: Client;
let stp: string;
let policeAgency: string;
let centre: string;

beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  specialist = await s.login('chuyenvien');
  // The demo police specialist (Công an thành phố Huế), who holds the inter-agency step.
  police = await s.login('congan');
  stp = (await agencyId(s.ctx.db, 'STP')).id;
  policeAgency = (await agencyByCode(s.ctx.db, '000.00.90.H57'))!.id;
  centre = (await agencyId(s.ctx.db, 'TTHCC')).id;
});
afterAll(async () => s?.close());

const act = async (c: Client, id: string, action: string, body: object = {}) => {
  const r = await c.post(`/api/dossiers/${id}/actions/${action}`, body);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json().dossier as {
    status: string;
    currentStep: number | null;
    currentAgencyId: string;
    currentHandlerId: string | null;
  };
};

async function submit(p: TestProcedure): Promise<string> {
  const sha = await uploadPdf(citizen);
  const r = await citizen.post('/api/dossiers', {
    procedureId: p.id,
    receivingAgencyId: centre,
    attachments: [{ paperId: p.papers.form, files: [sha] }],
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

async function received(p: TestProcedure): Promise<string> {
  const id = await submit(p);
  await act(officer, id, 'receive');
  return id;
}

const stored = async (id: string) => (await s.ctx.db.select().from(dossiers).where(eq(dossiers.id, id)))[0]!;

/**
 * The fixture's workflow is appraisal (ordinal 1) then check and submit (ordinal 3), both at the
 * Department of Justice. The edit puts a police check (liên thông) at ordinal 2 between them: a
 * dossier reading the catalog after the edit would go to the police.
 */
function addPoliceStep(p: TestProcedure) {
  return editWorkflow(p, [
    { name: 'Thẩm định hồ sơ', nameEn: 'Appraise', role: 'specialist', agencyMode: 'dossier', sharePercent: 40 },
    {
      name: 'Công an xác minh',
      nameEn: 'Police check',
      role: 'specialist',
      agencyMode: 'fixed',
      agencyId: policeAgency,
      sharePercent: 40,
    },
    {
      name: 'Kiểm tra, trình ký',
      nameEn: 'Check and submit for signature',
      role: 'specialist',
      agencyMode: 'dossier',
      sharePercent: 20,
    },
  ]);
}

/** Through the administrators' API, as an administrator edits it. */
async function editWorkflow(p: TestProcedure, steps: object[]) {
  const r = await admin.put(`/api/procedures/${p.id}/workflow`, { steps });
  expect(r.statusCode, r.body).toBe(200);
}

describe('the workflow a dossier follows is fixed when it is received', () => {
  it('keeps the steps of receipt on the dossier, the catalog’s rows without their ids', async () => {
    const p = await makeProcedure(s.ctx.db);
    const id = await submit(p);
    expect((await stored(id)).workflow, 'nothing is fixed before receipt').toBeNull();
    await act(officer, id, 'receive');
    expect((await stored(id)).workflow).toEqual([
      {
        ordinal: 1,
        name: 'Thẩm định hồ sơ',
        nameEn: 'Appraise',
        role: 'specialist',
        agencyMode: 'dossier',
        agencyId: null,
        sharePercent: 80,
      },
      {
        ordinal: 3,
        name: 'Kiểm tra, trình ký',
        nameEn: 'Check and submit for signature',
        role: 'specialist',
        agencyMode: 'dossier',
        agencyId: null,
        sharePercent: 20,
      },
    ]);
  });

  it('walks the old steps for dossiers received before an edit, the new ones for dossiers received after', async () => {
    const p = await makeProcedure(s.ctx.db);
    const receivedBefore = await received(p);
    const processingBefore = await received(p);
    expect(await act(officer, processingBefore, 'assign', { handlerId: specialist.accountId })).toMatchObject({
      currentStep: 1,
    });

    await addPoliceStep(p);
    const receivedAfter = await received(p);

    // Received before the edit: appraisal, then straight to the check at the department, then the leader.
    for (const id of [receivedBefore, processingBefore]) {
      if (id === receivedBefore)
        expect(await act(officer, id, 'assign', { handlerId: specialist.accountId })).toMatchObject({ currentStep: 1 });
      expect(await act(specialist, id, 'process-step')).toMatchObject({
        status: 'processing',
        currentStep: 3,
        currentAgencyId: stp,
        currentHandlerId: specialist.accountId,
      });
      expect(await act(specialist, id, 'process-step')).toMatchObject({
        status: 'awaiting_approval',
        currentAgencyId: stp,
      });
    }

    // Received after: the police check comes between them, held by the police.
    expect(await act(officer, receivedAfter, 'assign', { handlerId: specialist.accountId })).toMatchObject({
      currentStep: 1,
    });
    expect(await act(specialist, receivedAfter, 'process-step')).toMatchObject({
      status: 'processing',
      currentStep: 2,
      currentAgencyId: policeAgency,
      currentHandlerId: null,
    });
    expect(await act(police, receivedAfter, 'process-step', { note: 'Không có án tích' })).toMatchObject({
      currentStep: 3,
      currentAgencyId: stp,
    });
    expect(await act(specialist, receivedAfter, 'process-step')).toMatchObject({ status: 'awaiting_approval' });
  });

  it('names the dossier’s own step in its timeline, not the catalog’s step of that number', async () => {
    const p = await makeProcedure(s.ctx.db);
    const id = await received(p);
    await act(officer, id, 'assign', { handlerId: specialist.accountId });
    await act(specialist, id, 'process-step');
    // Ordinal 3 of the catalog is now a step of a different name.
    await editWorkflow(p, [
      { name: 'Thẩm định hồ sơ', nameEn: 'Appraise', role: 'specialist', agencyMode: 'dossier', sharePercent: 50 },
      { name: 'Lấy ý kiến', nameEn: 'Consult', role: 'specialist', agencyMode: 'dossier', sharePercent: 30 },
      { name: 'Trình ký lại', nameEn: 'Resubmit', role: 'specialist', agencyMode: 'dossier', sharePercent: 20 },
    ]);
    await act(specialist, id, 'process-step');
    const timeline = (await specialist.get(`/api/dossiers/${id}`)).json().timeline as {
      action: string;
      details: { stepName?: string };
    }[];
    expect(timeline.filter((t) => t.action === 'process-step').map((t) => t.details.stepName)).toEqual([
      'Thẩm định hồ sơ',
      'Kiểm tra, trình ký',
    ]);
  });
});

describe('dossiers without a snapshot (received before snapshots, or at the counter for now)', () => {
  it('follow the catalog until processing starts, then keep the workflow they started with', async () => {
    const p = await makeProcedure(s.ctx.db);
    const id = await received(p);
    // As a dossier received before this change.
    await s.ctx.db.update(dossiers).set({ workflow: null }).where(eq(dossiers.id, id));
    await addPoliceStep(p);
    await act(officer, id, 'assign', { handlerId: specialist.accountId });
    expect((await stored(id)).workflow).toEqual(snapshotOf(await procedureWorkflow(s.ctx.db, p.id)));
    // Edited again: the police step is gone from the catalog, but this dossier keeps it.
    await editWorkflow(p, [
      { name: 'Xử lý', nameEn: 'Process', role: 'specialist', agencyMode: 'dossier', sharePercent: 100 },
    ]);
    expect(await act(specialist, id, 'process-step')).toMatchObject({ currentStep: 2, currentAgencyId: policeAgency });
  });

  it('keep their steps at the counter once assigned, when the workflow is edited', async () => {
    const p = await makeProcedure(s.ctx.db);
    const sha = await uploadPdf(officer);
    const r = await officer.post('/api/dossiers/counter', {
      procedureId: p.id,
      receivingAgencyId: centre,
      applicant: { name: 'Trần Thị Bình' },
      attachments: [{ paperId: p.papers.form, files: [sha] }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    await act(officer, id, 'assign', { handlerId: specialist.accountId });
    await addPoliceStep(p);
    expect(await act(specialist, id, 'process-step')).toMatchObject({ currentStep: 3, currentAgencyId: stp });
  });

  it('get, from the migration, the same snapshot as receipt takes', async () => {
    const p = await makeProcedure(s.ctx.db, { liaisonAgencyId: policeAgency });
    const [inProgress, notReceived] = [await received(p), await submit(p)];
    const finished = await received(p);
    await act(officer, finished, 'refuse', { reasons: ['Không thuộc thẩm quyền'] });
    await s.ctx.db.update(dossiers).set({ workflow: null }).where(eq(dossiers.procedureId, p.id));
    // The backfill statement of the migration that added the column, run again.
    const migration = fs.readFileSync(
      new URL('../../../drizzle/0016_dossier_workflow_snapshot.sql', import.meta.url),
      'utf8',
    );
    const backfill = migration.split('--> statement-breakpoint')[1]!;
    await queryRows(s.ctx.db, sql.raw(backfill));
    expect((await stored(inProgress)).workflow).toEqual(await workflowSnapshot(s.ctx.db, p.id));
    expect((await stored(inProgress)).workflow).toHaveLength(3);
    expect((await stored(notReceived)).workflow, 'receipt will take it').toBeNull();
    expect((await stored(finished)).workflow, 'a closed dossier walks no more steps').toBeNull();
  });
});
