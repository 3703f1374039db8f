/**
 * Configuration of signature verification and time stamping, read from the environment at use:
 * - DOCUMENTS_TRUSTED_ROOTS_DIR: a directory of PEM files (.pem, .crt, .cer) — the national root CA (Root CA của Bộ
 *   Thông tin và Truyền thông / Ban Cơ yếu Chính phủ) and any other roots the province trusts. Never fetched.
 * - DOCUMENTS_TRUSTED_ROOTS: PEM text (one or more certificates), for containers that pass configuration inline.
 * - DOCUMENTS_TSA_URL: the RFC 3161 time-stamp authority (PAdES-B-T); without it signatures are PAdES-B-B.
 * - DOCUMENTS_CRLS_DIR: a directory of CRLs (.crl, DER or PEM) the province keeps (say, refreshed daily from the CAs'
 *   publication points); DOCUMENTS_CRLS: PEM CRLs inline. With the chain's CRLs, a time-stamped signature gets its
 *   validation data added (PAdES-B-LT).
 * - DOCUMENTS_CRL_FETCH=1: a CRL missing from those is fetched from the certificate's CRL distribution point
 *   (http/https), waiting at most DOCUMENTS_CRL_FETCH_TIMEOUT_MS (default 5000) each; off by default. A CRL that
 *   cannot be had leaves the signature PAdES-B-T; signing never fails for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function trustedRootsPem(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  const dir = env.DOCUMENTS_TRUSTED_ROOTS_DIR;
  if (dir) {
    try {
      for (const f of readdirSync(dir).sort())
        if (/\.(pem|crt|cer)$/i.test(f)) out.push(readFileSync(join(dir, f), 'utf8'));
    } catch {
      /* a missing directory trusts nothing; the report says the chain is not trusted */
    }
  }
  if (env.DOCUMENTS_TRUSTED_ROOTS) out.push(env.DOCUMENTS_TRUSTED_ROOTS);
  return out.filter((p) => p.includes('-----BEGIN CERTIFICATE-----'));
}

export const tsaUrl = (env: NodeJS.ProcessEnv = process.env): string | null => env.DOCUMENTS_TSA_URL || null;

const CRL_PEM = /-----BEGIN X509 CRL-----[\s\S]+?-----END X509 CRL-----/g;

/** The configured CRLs, one per item: DER files as they are, each PEM block apart (revocation.ts reads both). */
export function configuredCrls(env: NodeJS.ProcessEnv = process.env): Uint8Array[] {
  const out: Uint8Array[] = [];
  const pems = (text: string) => (text.match(CRL_PEM) ?? []).map((p) => Buffer.from(p, 'latin1'));
  const dir = env.DOCUMENTS_CRLS_DIR;
  if (dir) {
    try {
      for (const f of readdirSync(dir).sort()) {
        if (!/\.(crl|pem)$/i.test(f)) continue;
        const bytes = readFileSync(join(dir, f));
        const text = bytes.toString('latin1');
        out.push(...(text.includes('-----BEGIN X509 CRL-----') ? pems(text) : [bytes]));
      }
    } catch {
      /* a missing directory holds no CRL; signatures stay B-T */
    }
  }
  if (env.DOCUMENTS_CRLS) out.push(...pems(env.DOCUMENTS_CRLS));
  return out;
}

/** How long to wait for a CRL distribution point, or null when fetching is not allowed. */
export function crlFetchTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | null {
  if (env.DOCUMENTS_CRL_FETCH !== '1') return null;
  const ms = Number(env.DOCUMENTS_CRL_FETCH_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 5000;
}
