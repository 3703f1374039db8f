/**
 * The dossier stories the statistics tests tell: dossiers received at chosen local times, taken
 * through their steps to a result, returned and rated, with the dossiers' clock set as they go.
 */
import { expect } from 'vitest';
import type { Client } from '../../platform/testing/index.js';
import { clock } from '../dossiers/clock.js';
import { uploadPdf, type TestProcedure } from '../dossiers/test-fixtures.js';

const realNow = clock.now;
/** An instant given as a local time in Vietnam. */
export const vn = (t: string) => new Date(`${t}+07:00`);
/** From now on, the dossiers' clock reads this local time. */
export const at = (t: string) => {
  clock.now = () => vn(t);
};
export const restoreClock = () => {
  clock.now = realNow;
};

/** An action through the API, which must succeed. */
export async function act(c: Client, id: string, action: string, body: object = {}) {
  const r = await c.post(`/api/dossiers/${id}/actions/${action}`, body);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
}

export interface Cast {
  citizen: Client;
  officer: Client;
  specialist: Client;
  leader: Client;
  centre: { id: string };
}

/** The story's steps for the people `cast()` answers (read when each step runs, after beforeAll). */
export function dossierStory(cast: () => Cast) {
  /** Received at the desk at `when`. */
  async function counter(p: TestProcedure, when: string) {
    const { officer, centre } = cast();
    at(when);
    const sha = await uploadPdf(officer);
    const r = await officer.post('/api/dossiers/counter', { procedureId: p.id, receivingAgencyId: centre.id, applicant: { name: 'Người nộp' }, attachments: [{ paperId: p.papers.form, files: [sha] }] });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  }
  /** Submitted online at `when` (not yet received). */
  async function online(p: TestProcedure, when: string) {
    const { citizen, centre } = cast();
    at(when);
    const sha = await uploadPdf(citizen);
    const r = await citizen.post('/api/dossiers', { procedureId: p.id, receivingAgencyId: centre.id, attachments: [{ paperId: p.papers.form, files: [sha] }] });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  }
  /** Assigned, both steps processed, approved by the leader. */
  async function toApproved(id: string) {
    const { officer, specialist, leader } = cast();
    await act(officer, id, 'assign', { handlerId: specialist.accountId });
    await act(specialist, id, 'process-step');
    await act(specialist, id, 'process-step');
    await act(leader, id, 'approve');
  }
  /** Through every step to the result at `resultAt`, returned, rated. */
  async function complete(id: string, resultAt: string, rating?: number, rater: Client = cast().citizen) {
    const { officer, specialist } = cast();
    await toApproved(id);
    at(resultAt);
    await act(specialist, id, 'attach-result', { sha256: await uploadPdf(specialist) });
    await act(officer, id, 'return');
    if (rating) await act(rater, id, 'rate', { rating });
  }
  return { counter, online, toApproved, complete };
}
