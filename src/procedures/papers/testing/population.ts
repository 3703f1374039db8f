/**
 * A population database for tests and the demo (dữ liệu minh hoạ): people held in memory, answered as
 * the gateway's adapter will answer. Never a source of truth.
 */
import type { LookupAnswer, NationalDatabase, PersonQuery } from '../national.js';

export interface TestPerson {
  idNumber: string;
  fullName: string;
  dateOfBirth?: string;
  permanentAddress?: string;
}

export class TestPopulationDatabase implements NationalDatabase {
  readonly source = 'population' as const;
  readonly people = new Map<string, TestPerson>();
  /** Every query received, to prove a lookup happened only with consent. */
  readonly queries: PersonQuery[] = [];

  constructor(people: TestPerson[] = []) {
    for (const p of people) this.people.set(p.idNumber, p);
  }

  async lookup(q: PersonQuery): Promise<LookupAnswer> {
    this.queries.push(q);
    const p = this.people.get(q.idNumber);
    if (!p) return { found: false };
    return {
      found: true,
      fullName: p.fullName,
      dateOfBirth: p.dateOfBirth ?? null,
      permanentAddress: p.permanentAddress ?? null,
    };
  }
}
