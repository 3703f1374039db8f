import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  accounts,
  createAccount,
  findAccountByUsername,
  grantRole,
  passwordProblems,
  problems,
  revokeGrant,
  roleGrants,
  updateAccount,
  type Executor,
  type Grant,
} from '../platform/index.js';
import { isUuid } from './dates.js';
import { agencies, adminUnits, people } from './schema.js';
import { getAgency } from './agencies.js';
import { nameMatches } from './units.js';

const personWord = { vi: 'cán bộ', en: 'Person' };

export interface GrantView {
  id: string;
  role: Grant['role'];
  scopeKind: Grant['scopeKind'];
  scopeId: string | null;
  scopeName: string | null;
}

export interface PersonView {
  id: string;
  accountId: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  agencyId: string | null;
  position: string | null;
  disabled: boolean;
  grants: GrantView[];
}

const personColumns = {
  id: people.id,
  accountId: people.accountId,
  username: accounts.username,
  displayName: accounts.displayName,
  email: sql<string | null>`coalesce(${people.email}, ${accounts.email})`,
  phone: sql<string | null>`coalesce(${people.phone}, ${accounts.phone})`,
  agencyId: people.agencyId,
  position: people.position,
  disabled: accounts.disabled,
};

/** The active grants of these accounts, each with the name of its scope. */
export async function grantsOf(ex: Executor, accountIds: string[]): Promise<Map<string, GrantView[]>> {
  const out = new Map<string, GrantView[]>();
  if (!accountIds.length) return out;
  const rows = await ex
    .select({
      id: roleGrants.id,
      accountId: roleGrants.accountId,
      role: roleGrants.role,
      scopeKind: roleGrants.scopeKind,
      scopeId: roleGrants.scopeId,
    })
    .from(roleGrants)
    .where(and(inArray(roleGrants.accountId, accountIds), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.grantedAt));
  const agencyIds = rows.filter((r) => r.scopeKind === 'agency' && isUuid(r.scopeId)).map((r) => r.scopeId!);
  const unitIds = rows.filter((r) => r.scopeKind === 'unit' && isUuid(r.scopeId)).map((r) => r.scopeId!);
  const names = new Map<string, string>();
  if (agencyIds.length)
    for (const a of await ex
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(inArray(agencies.id, agencyIds)))
      names.set(a.id, a.name);
  if (unitIds.length)
    for (const u of await ex
      .select({ id: adminUnits.id, name: adminUnits.name })
      .from(adminUnits)
      .where(inArray(adminUnits.id, unitIds)))
      names.set(u.id, u.name);
  for (const r of rows) {
    const list = out.get(r.accountId) ?? [];
    list.push({
      id: r.id,
      role: r.role as Grant['role'],
      scopeKind: r.scopeKind,
      scopeId: r.scopeId,
      scopeName: r.scopeId ? (names.get(r.scopeId) ?? null) : null,
    });
    out.set(r.accountId, list);
  }
  return out;
}

export interface PeopleQuery {
  q?: string;
  agencyId?: string;
  /** Only people of these agencies (the reader's coverage); absent = the whole province. */
  withinAgencyIds?: string[];
  limit?: number;
  offset?: number;
}

export async function listPeople(ex: Executor, q: PeopleQuery): Promise<{ items: PersonView[]; total: number }> {
  if (q.agencyId && !isUuid(q.agencyId)) return { items: [], total: 0 };
  const where: SQL[] = [];
  if (q.agencyId) where.push(eq(people.agencyId, q.agencyId));
  if (q.withinAgencyIds) {
    if (!q.withinAgencyIds.length) return { items: [], total: 0 };
    where.push(inArray(people.agencyId, q.withinAgencyIds));
  }
  if (q.q?.trim()) {
    const t = q.q.trim();
    where.push(
      or(
        nameMatches(accounts.displayName, t),
        nameMatches(accounts.username, t),
        nameMatches(sql`coalesce(${people.position}, '')`, t),
        nameMatches(sql`coalesce(${people.email}, '')`, t),
      )!,
    );
  }
  const cond = and(...where);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    ex
      .select(personColumns)
      .from(people)
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .where(cond)
      .orderBy(asc(accounts.displayName), asc(accounts.username))
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0),
    ex.select({ total: count() }).from(people).innerJoin(accounts, eq(accounts.id, people.accountId)).where(cond),
  ]);
  const grants = await grantsOf(
    ex,
    rows.map((r) => r.accountId),
  );
  return { items: rows.map((r) => ({ ...r, grants: grants.get(r.accountId) ?? [] })), total: Number(total) };
}

export async function getPerson(ex: Executor, id: string): Promise<PersonView | null> {
  if (!isUuid(id)) return null;
  const [row] = await ex
    .select(personColumns)
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(eq(people.id, id))
    .limit(1);
  if (!row) return null;
  return { ...row, grants: (await grantsOf(ex, [row.accountId])).get(row.accountId) ?? [] };
}

export async function personByAccount(ex: Executor, accountId: string) {
  const [row] = await ex.select().from(people).where(eq(people.accountId, accountId)).limit(1);
  return row ?? null;
}

async function checkAgency(ex: Executor, agencyId: string | null | undefined, field = '/body/agencyId') {
  if (agencyId && !(await getAgency(ex, agencyId)))
    throw problems.invalidField(field, { vi: 'Không có cơ quan này.', en: 'There is no such agency.' }, 'unknown');
}

/** A grant must name an existing scope, and every role but citizen needs one. */
export async function checkGrant(ex: Executor, g: Grant, field = '/body'): Promise<Grant> {
  if (g.role === 'citizen') {
    if (g.scopeKind !== 'none' || g.scopeId)
      throw problems.invalidField(
        `${field}/scopeKind`,
        { vi: 'Vai trò công dân không gắn với phạm vi.', en: 'The citizen role has no scope.' },
        'scope',
      );
    return { role: 'citizen', scopeKind: 'none', scopeId: null };
  }
  if (g.scopeKind === 'none' || !g.scopeId) {
    throw problems.invalidField(
      `${field}/scopeId`,
      {
        vi: 'Vai trò này cần phạm vi: một cơ quan hoặc một đơn vị hành chính.',
        en: 'This role needs a scope: an agency or an administrative unit.',
      },
      'required',
    );
  }
  const exists =
    g.scopeKind === 'agency'
      ? Boolean(await getAgency(ex, g.scopeId))
      : isUuid(g.scopeId) &&
        (await ex.select({ id: adminUnits.id }).from(adminUnits).where(eq(adminUnits.id, g.scopeId)).limit(1)).length >
          0;
  if (!exists)
    throw problems.invalidField(
      `${field}/scopeId`,
      { vi: 'Không có phạm vi này.', en: 'There is no such scope.' },
      'unknown',
    );
  return g;
}

export interface NewPerson {
  username: string;
  displayName: string;
  password: string;
  email?: string | null;
  phone?: string | null;
  agencyId?: string | null;
  position?: string | null;
  grants?: Grant[];
}

/** An account with its directory profile and, optionally, its first grants. */
export async function createPerson(tx: Executor, p: NewPerson, grantedBy: string | null): Promise<PersonView> {
  const pw = passwordProblems(p.password);
  if (pw) throw problems.invalidField('/body/password', pw, 'weak');
  await checkAgency(tx, p.agencyId);
  const grants: Grant[] = [];
  for (const [i, g] of (p.grants ?? []).entries()) grants.push(await checkGrant(tx, g, `/body/grants/${i}`));
  if (await findAccountByUsername(tx, p.username)) {
    throw problems.conflict(
      { vi: `Tên đăng nhập ${p.username} đã được dùng.`, en: `The username ${p.username} is taken.` },
      {
        code: 'duplicate-username',
        errors: [
          {
            field: '/body/username',
            code: 'duplicate',
            message: { vi: 'Tên đăng nhập đã tồn tại', en: 'This username already exists' },
          },
        ],
      },
    );
  }
  const account = await createAccount(tx, {
    username: p.username,
    displayName: p.displayName,
    password: p.password,
    email: p.email ?? null,
    phone: p.phone ?? null,
  });
  const [person] = await tx
    .insert(people)
    .values({
      accountId: account.id,
      agencyId: p.agencyId ?? null,
      position: p.position ?? null,
      email: p.email ?? null,
      phone: p.phone ?? null,
    })
    .returning();
  for (const g of grants) await grantRole(tx, account.id, g, grantedBy);
  return (await getPerson(tx, person!.id))!;
}

export interface PersonPatch {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  agencyId?: string | null;
  position?: string | null;
  disabled?: boolean;
}

export async function updatePerson(
  tx: Executor,
  id: string,
  patch: PersonPatch,
): Promise<{ before: PersonView; after: PersonView }> {
  const before = await getPerson(tx, id);
  if (!before) throw problems.notFound(personWord);
  await checkAgency(tx, patch.agencyId);
  const profile: Partial<typeof people.$inferInsert> = {};
  for (const k of ['agencyId', 'position', 'email', 'phone'] as const)
    if (patch[k] !== undefined) profile[k] = patch[k];
  if (Object.keys(profile).length)
    await tx
      .update(people)
      .set({ ...profile, updatedAt: new Date() })
      .where(eq(people.id, id));
  if (patch.displayName !== undefined || patch.disabled !== undefined) {
    await updateAccount(tx, before.accountId, {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    });
  }
  return { before, after: (await getPerson(tx, id))! };
}

export async function addPersonGrant(
  tx: Executor,
  personId: string,
  g: Grant,
  grantedBy: string | null,
): Promise<{ person: PersonView; grant: GrantView }> {
  const person = await getPerson(tx, personId);
  if (!person) throw problems.notFound(personWord);
  const grant = await checkGrant(tx, g);
  if (
    person.grants.some((x) => x.role === grant.role && x.scopeKind === grant.scopeKind && x.scopeId === grant.scopeId)
  ) {
    throw problems.conflict(
      { vi: 'Cán bộ đã có vai trò này trong phạm vi này.', en: 'The person already holds this role in this scope.' },
      { code: 'duplicate-grant' },
    );
  }
  const row = await grantRole(tx, person.accountId, grant, grantedBy);
  const after = (await getPerson(tx, personId))!;
  return { person: after, grant: after.grants.find((x) => x.id === row.id)! };
}

/** The person's active grant with this id, or 404. */
export async function personGrant(
  ex: Executor,
  personId: string,
  grantId: string,
): Promise<{ person: PersonView; grant: GrantView }> {
  const person = await getPerson(ex, personId);
  if (!person) throw problems.notFound(personWord);
  const grant = isUuid(grantId) ? person.grants.find((g) => g.id === grantId) : undefined;
  if (!grant) throw problems.notFound({ vi: 'quyền được cấp', en: 'Grant' });
  return { person, grant };
}

export async function removePersonGrant(tx: Executor, personId: string, grantId: string): Promise<GrantView> {
  const { grant } = await personGrant(tx, personId, grantId);
  await revokeGrant(tx, grant.id);
  return grant;
}

/** Adds the directory profile of an account that already exists (demo seeding, OIDC officials). */
export async function addProfile(
  ex: Executor,
  accountId: string,
  p: { agencyId?: string | null; position?: string | null; email?: string | null; phone?: string | null },
) {
  const [row] = await ex
    .insert(people)
    .values({
      accountId,
      agencyId: p.agencyId ?? null,
      position: p.position ?? null,
      email: p.email ?? null,
      phone: p.phone ?? null,
    })
    .returning();
  return row!;
}
