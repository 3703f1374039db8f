/**
 * Adapter: the national population database (Cơ sở dữ liệu quốc gia về dân cư), for the one-stop shop's papers "taken
 * from a national database" (src/procedures/papers/national.ts): a lookup by personal identification number, made
 * only with the citizen's consent, and logged in the exchange log with the consent (purpose, who consented, when).
 *
 * The database's interface is not public (it is reached through the NDXP/NGSP under an agreement with the Ministry of
 * Public Security). This adapter defines its own: `POST {POPULATION_URL}/citizens/lookup` with
 * `{ soDinhDanh, hoVaTen }`, `Authorization: Bearer {POPULATION_TOKEN}` and the consent in headers
 * (`X-Consent-At`, `X-Consent-Subject`: a hash of the consenting account, `X-LGSP-Purpose`); it answers
 * `{ found: true, hoVaTen, ngaySinh, noiThuongTru }` or `{ found: false }`.
 */
import crypto from 'node:crypto';
import type { LookupAnswer, NationalDatabase, PersonQuery } from '../../procedures/index.js';
import type { Gateway } from '../context.js';
import { outbound } from '../outbound.js';

export interface PopulationConfig {
  url: string;
  token: string;
  timeoutMs?: number;
}

export function populationConfig(env: NodeJS.ProcessEnv = process.env): PopulationConfig | undefined {
  return env.POPULATION_URL
    ? {
        url: env.POPULATION_URL.replace(/\/+$/, ''),
        token: env.POPULATION_TOKEN ?? '',
        timeoutMs: Number(env.POPULATION_TIMEOUT_MS) || 10_000,
      }
    : undefined;
}

export class PopulationAdapter implements NationalDatabase {
  readonly source = 'population' as const;
  constructor(
    private readonly gw: Gateway,
    private readonly cfg: PopulationConfig,
  ) {}

  async lookup(q: PersonQuery): Promise<LookupAnswer> {
    // No consent, no lookup: the one-stop shop asks for it, and this adapter will not call without it.
    if (!q.consent) throw new Error('a population lookup needs the citizen’s consent');
    const subject = q.consent.accountId
      ? crypto.createHash('sha256').update(q.consent.accountId).digest('hex').slice(0, 32)
      : 'desk';
    const res = await outbound(this.gw, {
      member: 'csdl-dan-cu',
      service: 'citizen-lookup',
      method: 'POST',
      url: `${this.cfg.url}/citizens/lookup`,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.cfg.token}`,
        'x-consent-at': q.consent.at.toISOString(),
        'x-consent-subject': subject,
      },
      body: JSON.stringify({ soDinhDanh: q.idNumber, hoVaTen: q.fullName }),
      purpose: `${q.consent.purpose}; consent ${q.consent.at.toISOString()} by ${subject}`,
      timeoutMs: this.cfg.timeoutMs,
    });
    if (res.status !== 200) throw new Error(`the population database answered ${res.status}`);
    const b = JSON.parse(res.text) as {
      found?: boolean;
      hoVaTen?: string;
      ngaySinh?: string | null;
      noiThuongTru?: string | null;
    };
    if (!b.found || typeof b.hoVaTen !== 'string') return { found: false };
    return {
      found: true,
      fullName: b.hoVaTen,
      dateOfBirth: b.ngaySinh ?? null,
      permanentAddress: b.noiThuongTru ?? null,
    };
  }
}
