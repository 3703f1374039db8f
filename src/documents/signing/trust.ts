/**
 * Configuration of signature verification and time stamping, read from the environment at use:
 * - DOCUMENTS_TRUSTED_ROOTS_DIR: a directory of PEM files (.pem, .crt, .cer) — the national root CA (Root CA của Bộ
 *   Thông tin và Truyền thông / Ban Cơ yếu Chính phủ) and any other roots the province trusts. Never fetched.
 * - DOCUMENTS_TRUSTED_ROOTS: PEM text (one or more certificates), for containers that pass configuration inline.
 * - DOCUMENTS_TSA_URL: the RFC 3161 time-stamp authority (PAdES-B-T); without it signatures are PAdES-B-B.
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
