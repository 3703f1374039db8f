/**
 * A Cloud Signature Consortium API v2 service for tests, benches and the demo (a stand-in for a remote signing
 * provider such as a national "ký số từ xa" service): keys from a test CA, HTTP Basic login (auth/login), the
 * credentials/list, credentials/info, credentials/authorize and signatures/signHash endpoints, and a simulated phone:
 * credentials/authorize answers only once the signer approved (after `approveAfterMs`, or on `approve()`), or with
 * access_denied when they refuse. The keys live in memory.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createPrivateKey, privateEncrypt, constants, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pemToDer, type IssuedCert } from '../../../platform/pki/index.js';

export const CSC_OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

export interface TestCscUser {
  username: string;
  password: string;
  credentials: { id: string; cert: IssuedCert; description?: string }[];
}

export interface PendingApproval {
  id: string;
  username: string;
  credentialID: string;
  description: string;
  hashes: string[];
}

export interface TestCscServer {
  url: string;
  /** Approvals waiting for the phone. */
  pending(): PendingApproval[];
  approve(id?: string): void;
  reject(id?: string): void;
  /** When set, every request for approval is approved after this delay (ms). */
  approveAfterMs: number | null;
  signatures: number;
  close(): Promise<void>;
}

/** DigestInfo (RFC 8017 §9.2): what an RSASSA-PKCS1-v1_5 signature of a hash encrypts. */
function digestInfo(hashOid: string, hash: Buffer): Buffer {
  const seq = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid }), new asn1js.Null()] }),
      new asn1js.OctetString({ valueHex: new Uint8Array(hash) }),
    ],
  });
  return Buffer.from(seq.toBER());
}

const HASH_LEN: Record<string, number> = {
  [CSC_OID.sha256]: 32,
  '2.16.840.1.101.3.4.2.2': 48,
  '2.16.840.1.101.3.4.2.3': 64,
};

function dn(name: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.6': 'C' };
  return name.typesAndValues.map((t) => `${short[t.type] ?? t.type}=${String(t.value.valueBlock.value)}`).join(', ');
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!chunks.length) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function startTestCscServer(opts: {
  users: TestCscUser[];
  approveAfterMs?: number | null;
}): Promise<TestCscServer> {
  const tokens = new Map<string, string>(); // access token → username
  const sads = new Map<
    string,
    { username: string; credentialID: string; hashes: Set<string>; left: number; expires: number }
  >();
  const waiting = new Map<string, PendingApproval & { decide: (ok: boolean) => void }>();
  const state = { approveAfterMs: opts.approveAfterMs ?? null, signatures: 0 };

  const send = (res: ServerResponse, status: number, json: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  };
  const error = (res: ServerResponse, status: number, code: string, description: string) =>
    send(res, status, { error: code, error_description: description });

  const userOf = (req: IncomingMessage) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return m ? tokens.get(m[1]!) : undefined;
  };
  const credentialOf = (username: string, id: unknown) =>
    opts.users.find((u) => u.username === username)?.credentials.find((c) => c.id === id);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').replace(/\?.*$/, '');
      if (req.method !== 'POST' || !path.startsWith('/csc/v2/'))
        return error(res, 404, 'invalid_request', 'unknown endpoint');
      const b = await body(req);
      const method = path.slice('/csc/v2/'.length);
      if (method === 'info') {
        return send(res, 200, {
          specs: '2.0.0.2',
          name: 'Tinh so test CSC service',
          logo: '',
          region: 'VN',
          lang: 'vi-VN',
          description: 'Remote signing for tests (keys from a test CA)',
          authType: ['basic'],
          methods: [
            'auth/login',
            'credentials/list',
            'credentials/info',
            'credentials/authorize',
            'signatures/signHash',
          ],
        });
      }
      if (method === 'auth/login') {
        const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
        const [user, pass] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
        const u = opts.users.find((x) => x.username === user && x.password === pass);
        if (!u) return error(res, 401, 'invalid_grant', 'wrong username or password');
        const token = randomBytes(24).toString('base64url');
        tokens.set(token, u.username);
        return send(res, 200, { access_token: token, expires_in: 3600 });
      }
      const username = userOf(req);
      if (!username) return error(res, 401, 'invalid_token', 'missing or unknown access token');
      if (method === 'credentials/list') {
        const u = opts.users.find((x) => x.username === username)!;
        return send(res, 200, { credentialIDs: u.credentials.map((c) => c.id) });
      }
      if (method === 'credentials/info') {
        const c = credentialOf(username, b.credentialID);
        if (!c) return error(res, 400, 'invalid_request', 'Invalid parameter credentialID');
        const cert = pkijs.Certificate.fromBER(new Uint8Array(c.cert.certDer));
        const certs =
          b.certificates === 'none'
            ? []
            : b.certificates === 'chain'
              ? [c.cert.certDer, ...c.cert.chainPem.map(pemToDer)]
              : [c.cert.certDer];
        return send(res, 200, {
          description: c.description ?? '',
          key: { status: 'enabled', algo: [CSC_OID.sha256WithRsa, CSC_OID.rsaEncryption], len: 2048 },
          cert: {
            status: 'valid',
            certificates: certs.map((d) => Buffer.from(d).toString('base64')),
            issuerDN: dn(cert.issuer),
            serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
            subjectDN: dn(cert.subject),
            validFrom: cert.notBefore.value.toISOString(),
            validTo: cert.notAfter.value.toISOString(),
          },
          authMode: 'explicit',
          SCAL: '2',
          multisign: 1,
          lang: 'vi-VN',
        });
      }
      if (method === 'credentials/authorize') {
        const c = credentialOf(username, b.credentialID);
        if (!c) return error(res, 400, 'invalid_request', 'Invalid parameter credentialID');
        const hashes = Array.isArray(b.hashes) ? b.hashes.filter((h): h is string => typeof h === 'string') : [];
        const n = Number(b.numSignatures ?? 1);
        if (!hashes.length || hashes.length !== n)
          return error(res, 400, 'invalid_request', 'Invalid parameter hashes');
        const id = randomUUID();
        const ok = await new Promise<boolean>((resolve) => {
          waiting.set(id, {
            id,
            username,
            credentialID: c.id,
            description: String(b.description ?? ''),
            hashes,
            decide: resolve,
          });
          if (state.approveAfterMs !== null) setTimeout(() => resolve(true), state.approveAfterMs);
        });
        waiting.delete(id);
        if (!ok) return error(res, 400, 'access_denied', 'The user refused to authorize the signature');
        const sad = randomBytes(24).toString('base64url');
        sads.set(sad, {
          username,
          credentialID: c.id,
          hashes: new Set(hashes),
          left: n,
          expires: Date.now() + 300_000,
        });
        return send(res, 200, { SAD: sad, expiresIn: 300 });
      }
      if (method === 'signatures/signHash') {
        const c = credentialOf(username, b.credentialID);
        if (!c) return error(res, 400, 'invalid_request', 'Invalid parameter credentialID');
        const sad = sads.get(String(b.SAD));
        const hashes = Array.isArray(b.hashes) ? b.hashes.filter((h): h is string => typeof h === 'string') : [];
        if (!sad || sad.expires < Date.now() || sad.credentialID !== c.id || sad.username !== username)
          return error(res, 400, 'invalid_request', 'Invalid SAD');
        // The SAD authorises exactly the hashes the signer approved.
        if (!hashes.length || hashes.some((h) => !sad.hashes.has(h)) || hashes.length > sad.left)
          return error(res, 400, 'invalid_request', 'Hash not authorized by the SAD');
        const hashOid = String(b.hashAlgorithmOID ?? CSC_OID.sha256);
        if (!HASH_LEN[hashOid]) return error(res, 400, 'invalid_request', 'Invalid parameter hashAlgorithmOID');
        if (b.signAlgo !== CSC_OID.rsaEncryption && b.signAlgo !== CSC_OID.sha256WithRsa)
          return error(res, 400, 'invalid_request', 'Invalid parameter signAlgo');
        const key = createPrivateKey(c.cert.privateKeyPem);
        const sigs: string[] = [];
        for (const h of hashes) {
          const raw = Buffer.from(h, 'base64');
          if (raw.length !== HASH_LEN[hashOid]) return error(res, 400, 'invalid_request', 'Invalid hash length');
          sigs.push(
            privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(hashOid, raw)).toString('base64'),
          );
        }
        sad.left -= hashes.length;
        state.signatures += sigs.length;
        return send(res, 200, { signatures: sigs });
      }
      return error(res, 404, 'invalid_request', 'unknown endpoint');
    })().catch(() => error(res, 500, 'server_error', 'internal error'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const decide = (ok: boolean, id?: string) => {
    for (const w of [...waiting.values()]) if (!id || w.id === id) w.decide(ok);
  };
  return {
    url: `http://127.0.0.1:${port}/csc/v2`,
    pending: () => [...waiting.values()].map(({ decide: _d, ...p }) => p),
    approve: (id) => decide(true, id),
    reject: (id) => decide(false, id),
    get approveAfterMs() {
      return state.approveAfterMs;
    },
    set approveAfterMs(v) {
      state.approveAfterMs = v;
    },
    get signatures() {
      return state.signatures;
    },
    close: () =>
      new Promise<void>((r) => {
        decide(false);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
