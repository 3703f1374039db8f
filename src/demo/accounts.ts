import { createAccount, grantRole, type Database, type Grant } from '../platform/index.js';
import { addProfile, directoryScopeLookup } from '../directory/index.js';

/** The demo password, printed by `npm start`; demo accounts exist only when the demo province is loaded. */
export const DEMO_PASSWORD = 'TinhSo@2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Grant['role'];
  /** Where the grant applies (a unit code; an agency key, or an agency's identifier): resolved to directory ids by the seeder. */
  scope: { kind: 'agency' | 'unit' | 'none'; code?: string };
  description: { vi: string; en: string };
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'Quản trị hệ thống',
    role: 'admin',
    scope: { kind: 'unit', code: '46' },
    description: { vi: 'Quản trị toàn tỉnh', en: 'Province administrator' },
  },
  {
    username: 'motcua',
    displayName: 'Nguyễn Thị Một Cửa',
    role: 'officer',
    scope: { kind: 'agency', code: 'TTHCC' },
    description: {
      vi: 'Cán bộ một cửa, Trung tâm Phục vụ hành chính công',
      en: 'One-stop officer, public administration service centre',
    },
  },
  {
    username: 'chuyenvien',
    displayName: 'Trần Văn Chuyên',
    role: 'specialist',
    scope: { kind: 'agency', code: 'STP' },
    description: { vi: 'Chuyên viên Sở Tư pháp', en: 'Specialist, Department of Justice' },
  },
  {
    username: 'lanhdao',
    displayName: 'Lê Văn Lãnh Đạo',
    role: 'leader',
    scope: { kind: 'agency', code: 'STP' },
    description: { vi: 'Lãnh đạo Sở Tư pháp', en: 'Director, Department of Justice' },
  },
  {
    username: 'vanthu',
    displayName: 'Phạm Thị Văn Thư',
    role: 'clerk',
    scope: { kind: 'agency', code: 'VP' },
    description: { vi: 'Văn thư Văn phòng UBND', en: 'Clerk, People’s Committee Office' },
  },
  // The police step (liên thông) of the judicial record procedures (lý lịch tư pháp) is done at Huế's police, by its identifier.
  {
    username: 'congan',
    displayName: 'Võ Văn Công An',
    role: 'specialist',
    scope: { kind: 'agency', code: '000.00.90.H57' },
    description: {
      vi: 'Cán bộ Công an thành phố Huế (xác minh lý lịch tư pháp)',
      en: 'Specialist, Huế City Police (judicial record checks)',
    },
  },
  {
    username: 'kiemtra',
    displayName: 'Đặng Thị Kiểm Tra',
    role: 'auditor',
    scope: { kind: 'unit', code: '46' },
    description: { vi: 'Kiểm tra nhật ký hệ thống toàn tỉnh', en: 'Auditor of the province’s audit trail' },
  },
  {
    username: 'congdan',
    displayName: 'Hoàng Văn Dân',
    role: 'citizen',
    scope: { kind: 'none' },
    description: { vi: 'Công dân', en: 'Citizen' },
  },
];

/** Resolves a demo scope code (a unit code, an agency key or identifier) to a directory id. */
export type ScopeLookup = (kind: 'agency' | 'unit', code: string) => Promise<string | null>;
/** Adds the directory profile (people row) of a staff account. */
export type ProfileHook = (accountId: string, a: DemoAccount, scopeId: string | null) => Promise<void>;

export async function createDemoAccounts(database: Database, lookup: ScopeLookup, profile?: ProfileHook) {
  for (const a of DEMO_ACCOUNTS) {
    const scopeId = a.scope.kind === 'none' ? null : await lookup(a.scope.kind, a.scope.code!);
    if (a.scope.kind !== 'none' && !scopeId)
      throw new Error(`demo account ${a.username}: no ${a.scope.kind} ${a.scope.code} in the directory`);
    const acc = await createAccount(database.db, {
      username: a.username,
      displayName: a.displayName,
      password: DEMO_PASSWORD,
    });
    await grantRole(database.db, acc.id, { role: a.role, scopeKind: a.scope.kind, scopeId });
    if (profile && a.role !== 'citizen') await profile(acc.id, a, scopeId);
  }
}

/** Demo accounts with scopes resolved through the directory; staff get a directory profile in their agency. */
export async function seedDemoAccounts(database: Database) {
  const lookup = directoryScopeLookup(database.db);
  const provinceAgency = await lookup('agency', 'UBND');
  await createDemoAccounts(database, lookup, async (accountId, a, scopeId) => {
    await addProfile(database.db, accountId, {
      agencyId: a.scope.kind === 'agency' ? scopeId : provinceAgency,
      position: a.description.vi,
    });
  });
}
