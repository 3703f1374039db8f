/**
 * The dossier stories the statistics tests tell: dossiers received at chosen local times, taken
 * through their steps to a result, returned and rated, with the dossiers' clock set as they go.
 * Built on the dossier test fixtures (the real intake, the shared clock helpers).
 */
import type { Client } from '../../platform/testing/index.js';
import { act, at, receiveDossier, submitDossier, uploadPdf, type TestProcedure } from '../dossiers/test-fixtures.js';

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
    return (await receiveDossier(officer, p, { receivingAgencyId: centre.id, applicant: { name: 'Người nộp' } })).id;
  }
  /** Submitted online at `when` (not yet received). */
  async function online(p: TestProcedure, when: string) {
    const { citizen, centre } = cast();
    at(when);
    return (await submitDossier(citizen, p, { receivingAgencyId: centre.id })).id;
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
