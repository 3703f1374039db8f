/**
 * First-run setup (cài đặt lần đầu): choose the province, load its 2025 communes and standard agencies as editable
 * starting data, create the first administrator. One transaction: a failure leaves the installation as it was.
 * The same service backs `npm run setup` and the first-run page.
 */
import { eq, sql } from 'drizzle-orm';
import { findProvince, seedProvince2025, addProfile } from '../../directory/index.js';
import type { Executor } from '../db/index.js';
import { notifyCacheChange } from '../db/invalidation.js';
import { createAccount, grantRole } from '../auth/accounts.js';
import { accounts } from '../auth/schema.js';
import { passwordProblems } from '../auth/passwords.js';
import type { AuditEntry } from '../audit/audit.js';
import type { Bilingual } from '../http/problem.js';
import { installation, setupCodes } from './schema.js';
import { setupCodeValid } from './installation.js';

export interface SetupInput {
  /** The province's 2-digit code or its name. */
  province: string;
  admin: { displayName: string; username: string; password: string; email?: string };
}

export interface SetupResult {
  provinceCode: string;
  provinceName: string;
  communes: number;
  agencies: number;
  adminId: string;
  username: string;
}

export type SetupErrorCode = 'already-set-up' | 'bad-code' | 'invalid' | 'username-taken';

/** A refusal the CLI prints and the route turns into problem+json (410, 403, 400, 409). */
export class SetupError extends Error {
  constructor(
    readonly code: SetupErrorCode,
    readonly text: Bilingual,
    readonly fields: { name: string; message: Bilingual }[] = [],
  ) {
    super(text.en);
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Field problems of the input, in both languages; empty when it may be used. */
export function setupInputProblems(input: SetupInput): { name: string; message: Bilingual }[] {
  const out: { name: string; message: Bilingual }[] = [];
  if (!findProvince(input.province ?? ''))
    out.push({
      name: 'province',
      message: {
        vi: 'Chọn một trong 34 tỉnh, thành phố (mã 2 chữ số hoặc tên).',
        en: 'Choose one of the 34 provinces (2-digit code or name).',
      },
    });
  const name = (input.admin?.displayName ?? '').trim();
  if (name.length < 2 || name.length > 120)
    out.push({
      name: 'admin.displayName',
      message: {
        vi: 'Nhập họ tên người quản trị (2–120 ký tự).',
        en: "Enter the administrator's name (2–120 characters).",
      },
    });
  if (!USERNAME.test((input.admin?.username ?? '').toLowerCase()))
    out.push({
      name: 'admin.username',
      message: {
        vi: 'Tên đăng nhập: 3–64 ký tự a–z, 0–9, dấu chấm, gạch ngang, gạch dưới.',
        en: 'Login: 3–64 characters a–z, 0–9, dot, dash, underscore.',
      },
    });
  const pw = passwordProblems(input.admin?.password ?? '');
  if (pw) out.push({ name: 'admin.password', message: pw });
  const email = input.admin?.email;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    out.push({
      name: 'admin.email',
      message: { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'The e-mail address is not valid.' },
    });
  return out;
}

/**
 * Runs the setup inside the caller's transaction. `code` is required from the web (the one-time code printed in the
 * console); the command line runs on the server's own machine and needs none. `audit` writes the audit row in the
 * same transaction.
 */
export async function completeSetup(
  tx: Executor,
  input: SetupInput,
  opts: { code?: string | null; via: 'cli' | 'web'; audit: (e: Omit<AuditEntry, 'requestId'>) => Promise<void> },
): Promise<SetupResult> {
  const fields = setupInputProblems(input);
  if (fields.length)
    throw new SetupError(
      'invalid',
      { vi: 'Thông tin cài đặt chưa hợp lệ.', en: 'The setup details are not valid.' },
      fields,
    );
  const province = findProvince(input.province)!;
  if (opts.via === 'web' && !(await setupCodeValid(tx, opts.code ?? '')))
    throw new SetupError('bad-code', {
      vi: 'Mã cài đặt không đúng. Mã được in trong cửa sổ dòng lệnh của máy chủ khi khởi động.',
      en: "Wrong setup code. The code is printed in the server's console when it starts.",
    });
  // The one row: a second setup (another tab, another instance) finds it taken and changes nothing.
  const [claimed] = await tx
    .insert(installation)
    .values({ provinceCode: province.code, demo: false })
    .onConflictDoNothing()
    .returning({ id: installation.id });
  if (!claimed)
    throw new SetupError('already-set-up', {
      vi: 'Hệ thống đã được cài đặt.',
      en: 'This installation is already set up.',
    });
  const username = input.admin.username.toLowerCase();
  const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).limit(1);
  if (taken)
    throw new SetupError(
      'username-taken',
      { vi: 'Tên đăng nhập đã có người dùng.', en: 'That login is already taken.' },
      [{ name: 'admin.username', message: { vi: 'Đã có người dùng.', en: 'Already taken.' } }],
    );

  const seeded = await seedProvince2025(tx, province.code);
  const admin = await createAccount(tx, {
    username,
    displayName: input.admin.displayName.trim(),
    email: input.admin.email || undefined,
    password: input.admin.password,
  });
  await grantRole(tx, admin.id, { role: 'admin', scopeKind: 'unit', scopeId: seeded.provinceUnitId });
  await addProfile(tx, admin.id, {
    agencyId: seeded.provinceAgencyId,
    position: 'Quản trị hệ thống',
    email: input.admin.email || null,
  });
  await tx.update(installation).set({ setUpBy: admin.id }).where(eq(installation.id, 1));
  await tx.delete(setupCodes).where(sql`true`);
  await notifyCacheChange(tx, 'directory');
  await opts.audit({
    actorId: null,
    actorLabel: opts.via === 'cli' ? 'npm run setup' : 'first-run page',
    action: 'platform.setup',
    targetType: 'installation',
    targetId: province.code,
    details: {
      province: province.code,
      name: seeded.name,
      communes: seeded.communes,
      agencies: seeded.agencies,
      admin: username,
      via: opts.via,
    },
    scope: {},
  });
  return {
    provinceCode: province.code,
    provinceName: seeded.name,
    communes: seeded.communes,
    agencies: seeded.agencies,
    adminId: admin.id,
    username,
  };
}
