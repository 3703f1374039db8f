/**
 * The outbound adapter to the national reporting system (Hệ thống thông tin báo cáo Chính phủ): an
 * accepted report is sent as JSON with its template code, period, agency and values; the system
 * answers a reference kept on the report. Configured by TINHSO_NATIONAL_REPORTING_URL (and _TOKEN);
 * without it, sending is refused with 503 rather than pretended.
 */
import { request } from 'undici';

export interface NationalReport {
  templateCode: string;
  period: string;
  agencyCode: string;
  agencyName: string;
  submittedAt: string | null;
  values: Record<string, unknown>;
}

export interface NationalReportingAdapter {
  send(report: NationalReport): Promise<{ reference: string }>;
}

export class NationalReportingError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Posts to `${baseUrl}/reports` with a bearer token; 2xx with `{ reference }` is a receipt. */
export class HttpNationalReporting implements NationalReportingAdapter {
  constructor(
    private baseUrl: string,
    private token?: string,
    private timeoutMs = 10_000,
  ) {}

  async send(report: NationalReport): Promise<{ reference: string }> {
    let res;
    try {
      res = await request(new URL('reports', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify(report),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (err) {
      throw new NationalReportingError(`national reporting system unreachable: ${(err as Error).message}`, null);
    }
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300)
      throw new NationalReportingError(
        `national reporting system answered ${res.statusCode}: ${text.slice(0, 200)}`,
        res.statusCode,
      );
    let body: { reference?: unknown };
    try {
      body = JSON.parse(text) as { reference?: unknown };
    } catch {
      throw new NationalReportingError('national reporting system answered no JSON', res.statusCode);
    }
    if (typeof body.reference !== 'string' || !body.reference)
      throw new NationalReportingError('national reporting system answered no reference', res.statusCode);
    return { reference: body.reference };
  }
}

export function nationalAdapterFromEnv(env: NodeJS.ProcessEnv = process.env): NationalReportingAdapter | null {
  const url = env.TINHSO_NATIONAL_REPORTING_URL;
  return url ? new HttpNationalReporting(url, env.TINHSO_NATIONAL_REPORTING_TOKEN) : null;
}
