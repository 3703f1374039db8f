import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { getProcedure } from '../../src/procedures/index.js';
import { agencyByKey } from '../../src/directory/index.js';
import { multipartBody, pdfBytes } from '../../src/platform/files/test-fixtures.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** A citizen submits the judicial record procedure through the API, as the portal's wizard would. */
async function submitAsCitizen(): Promise<{ id: string; code: string }> {
  const app = e2e.server.app;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'congdan', password: DEMO_PASSWORD },
  });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
  const p = (await getProcedure(e2e.database.db, '2.000488'))!;
  const attachments = [];
  for (const paper of p.papers.filter((x) => x.mandatory)) {
    const body = multipartBody(pdfBytes(paper.name), { filename: 'giay-to.pdf', contentType: 'application/pdf' });
    const up = await app.inject({
      method: 'POST',
      url: '/api/files',
      payload: body.payload,
      headers: { ...headers, ...body.headers },
    });
    attachments.push({ paperId: paper.id, files: [(up.json() as { sha256: string }).sha256] });
  }
  const formData = Object.fromEntries(
    p.formFields
      .filter((f) => f.required)
      .map((f) => [
        f.key,
        f.type === 'checkbox'
          ? true
          : f.type === 'select'
            ? f.options![0]!.value
            : f.type === 'date'
              ? '1990-01-01'
              : f.type === 'idNumber'
                ? '046090001234'
                : f.type === 'number'
                  ? 1
                  : 'Hoàng Văn Dân',
      ]),
  );
  const centre = (await agencyByKey(e2e.database.db, 'TTHCC'))!;
  const r = await app.inject({
    method: 'POST',
    url: '/api/dossiers',
    headers,
    payload: {
      procedureId: p.id,
      receivingAgencyId: centre.id,
      attachments,
      formData,
      applicant: { phone: '0912345678' },
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; code: string };
}

describe('dossiers in the browser', () => {
  it('the officer receives an online dossier in the workspace; anyone then follows it by its code, without personal data', async () => {
    const d = await submitAsCitizen();

    const staff = await e2e.page();
    await e2e.login(staff, 'motcua');
    await staff.getByTestId('user-menu').waitFor();
    await staff.goto(`/workspace/dossiers/${d.id}`);
    await staff.getByTestId('dossier-status').waitFor();
    await expect(staff.getByTestId('dossier-status').textContent()).resolves.toContain('chờ tiếp nhận');
    await staff.getByTestId('action-receive').click();
    await staff.getByTestId('dossier-timeline').locator('li').nth(1).waitFor();
    await expect(staff.getByTestId('dossier-status').textContent()).resolves.toContain('Đã tiếp nhận');
    await staff.context().close();

    const visitor = await e2e.page();
    await visitor.goto('/lookup');
    await visitor.locator('#root[data-ready]').waitFor({ state: 'attached' }); // prerendered: typed before, lost
    await visitor.getByTestId('lookup-code').fill(d.code);
    await visitor.getByTestId('lookup-code').press('Enter');
    await visitor.getByTestId('lookup-result').waitFor();
    await expect(visitor.getByTestId('lookup-status').textContent()).resolves.toContain('Đã tiếp nhận');
    // What the national portal shows: status, dates, the handling agency; not the steps or who did them.
    await expect(visitor.getByTestId('lookup-agency').textContent()).resolves.toBeTruthy();
    await expect(visitor.getByTestId('lookup-timeline').count()).resolves.toBe(0);
    const text = (await visitor.textContent('body')) ?? '';
    for (const secret of ['Hoàng Văn Dân', '0912345678', 'Nguyễn Thị Một Cửa']) expect(text).not.toContain(secret);
    await visitor.context().close();
  });
});
