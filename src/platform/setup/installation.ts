import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/index.js';
import { accounts, roleGrants } from '../auth/schema.js';
import { installation, setupCodes } from './schema.js';

export type Installation = typeof installation.$inferSelect;

/** The province this installation serves, or null before the first-run setup. */
export async function installedProvince(ex: Executor): Promise<Installation | null> {
  const [row] = await ex.select().from(installation).where(eq(installation.id, 1)).limit(1);
  return row ?? null;
}

/** Serves the demo's shapes and data? Only an installation the demo seeder marked as the demo. */
export async function isDemoInstallation(ex: Executor): Promise<boolean> {
  return (await installedProvince(ex))?.demo ?? false;
}

/** Does any active administrator account exist? (A demo install, or a database set up by other means.) */
export async function hasAdministrator(ex: Executor): Promise<boolean> {
  const [row] = await ex
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
    .where(sql`${roleGrants.role} = 'admin' AND ${roleGrants.revokedAt} IS NULL`)
    .limit(1);
  return Boolean(row);
}

/** Demo seeder: the demo province (Huế, 46) is this installation's, marked demo. */
export async function markDemoInstallation(database: Database): Promise<void> {
  await database.db.insert(installation).values({ provinceCode: '46', demo: true }).onConflictDoNothing();
}

const hash = (code: string) => crypto.createHash('sha256').update(normalizeCode(code)).digest('hex');
/** Codes are read from a console and typed: case, spaces and dashes do not matter. */
export const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

// No 0/O, 1/I/L: a code copied by eye from a terminal should not be mistyped.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A one-time code for the first-run page while the installation is not set up and has no administrator, or null.
 * 12 characters of a 31-letter alphabet (~59 bits), shown as XXXX-XXXX-XXXX; stored only as its hash.
 */
export async function issueSetupCode(ex: Executor): Promise<string | null> {
  if ((await installedProvince(ex)) || (await hasAdministrator(ex))) return null;
  const raw = Array.from({ length: 12 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  await ex.insert(setupCodes).values({ codeHash: hash(code) });
  return code;
}

/** Is this one of the codes printed by a running instance? Compared by hash in the database. */
export async function setupCodeValid(ex: Executor, code: string): Promise<boolean> {
  if (normalizeCode(code).length !== 12) return false;
  const [row] = await ex
    .select({ h: setupCodes.codeHash })
    .from(setupCodes)
    .where(eq(setupCodes.codeHash, hash(code)))
    .limit(1);
  return Boolean(row);
}
