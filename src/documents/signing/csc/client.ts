/**
 * A client of the Cloud Signature Consortium API v2 (remote signing): log in (auth/login, HTTP Basic), list the
 * user's credentials, read one (its certificate chain and key algorithms), have the signer authorise the hash of
 * exactly this signature (credentials/authorize: the provider asks the signer on their phone and answers once they
 * approve, which may take minutes), then sign the hash (signatures/signHash) with the SAD it returned.
 */
import { createHash } from 'node:crypto';

export const CSC_SHA256 = '2.16.840.1.101.3.4.2.1';
export const CSC_RSA = '1.2.840.113549.1.1.1';

export class CscError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(`${code}: ${description}`);
  }
  /** The signer refused on the phone. */
  get refused() {
    return this.code === 'access_denied';
  }
}

export interface CscCredentialInfo {
  key: { status: string; algo: string[]; len: number };
  cert: {
    status: string;
    certificates: string[];
    subjectDN?: string;
    issuerDN?: string;
    validFrom?: string;
    validTo?: string;
  };
  authMode: string;
}

export interface CscAccount {
  /** The service's base, e.g. https://rs.example.vn/csc/v2 */
  baseUrl: string;
  username: string;
  password: string;
}

export class CscClient {
  private token: string | null = null;
  constructor(
    private readonly account: CscAccount,
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  private async call<T>(
    method: string,
    payload: unknown,
    auth: 'basic' | 'bearer' = 'bearer',
    signal?: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth === 'basic')
      headers.authorization = `Basic ${Buffer.from(`${this.account.username}:${this.account.password}`).toString('base64')}`;
    else headers.authorization = `Bearer ${await this.accessToken()}`;
    const res = await fetch(`${this.account.baseUrl.replace(/\/$/, '')}/${method}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(payload ?? {}),
      signal: signal ?? AbortSignal.timeout(this.timeoutMs),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok)
      throw new CscError(
        res.status,
        String(json.error ?? 'http_error'),
        String(json.error_description ?? res.statusText),
      );
    return json as T;
  }

  async accessToken(): Promise<string> {
    if (!this.token) this.token = (await this.call<{ access_token: string }>('auth/login', {}, 'basic')).access_token;
    return this.token;
  }

  info() {
    return this.call<{ specs: string; name: string; methods: string[] }>('info', {}, 'basic');
  }

  async listCredentials(): Promise<string[]> {
    return (await this.call<{ credentialIDs: string[] }>('credentials/list', {})).credentialIDs;
  }

  credentialInfo(credentialID: string): Promise<CscCredentialInfo> {
    return this.call('credentials/info', { credentialID, certificates: 'chain', certInfo: true, authInfo: true });
  }

  /** Waits for the signer's approval on their phone; the SAD authorises these hashes only. */
  async authorize(
    credentialID: string,
    hashes: Uint8Array[],
    description: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const r = await this.call<{ SAD: string }>(
      'credentials/authorize',
      {
        credentialID,
        numSignatures: hashes.length,
        hashes: hashes.map((h) => Buffer.from(h).toString('base64')),
        hashAlgorithmOID: CSC_SHA256,
        description,
      },
      'bearer',
      signal,
    );
    return r.SAD;
  }

  async signHash(credentialID: string, sad: string, hashes: Uint8Array[]): Promise<Uint8Array[]> {
    const r = await this.call<{ signatures: string[] }>('signatures/signHash', {
      credentialID,
      SAD: sad,
      hashes: hashes.map((h) => Buffer.from(h).toString('base64')),
      hashAlgorithmOID: CSC_SHA256,
      signAlgo: CSC_RSA,
    });
    return r.signatures.map((s) => new Uint8Array(Buffer.from(s, 'base64')));
  }

  /** Signs `data` (the CMS signed attributes): its SHA-256, authorised on the phone, then signHash. */
  async signData(
    credentialID: string,
    data: Uint8Array,
    description: string,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    const hash = new Uint8Array(createHash('sha256').update(data).digest());
    const sad = await this.authorize(credentialID, [hash], description, signal);
    const [sig] = await this.signHash(credentialID, sad, [hash]);
    if (!sig) throw new CscError(502, 'server_error', 'no signature returned');
    return sig;
  }
}
