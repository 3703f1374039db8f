/** Who may be given a document: an account whose grants hold the permission over the document's agency. */
import {
  activeGrants,
  can,
  problems,
  type Permission,
  type Principal,
  type Role,
  type ScopeResolver,
  type Tx,
} from '../../platform/index.js';

export async function checkAssignee(
  tx: Tx,
  scopes: ScopeResolver,
  accountId: string,
  agencyId: string,
  permission: Permission,
  pointer: string,
): Promise<void> {
  const grants = (await activeGrants(tx, accountId)).map((g) => ({
    role: g.role as Role,
    scopeKind: g.scopeKind,
    scopeId: g.scopeId,
  }));
  const who: Principal = { accountId, username: '', displayName: '', kind: 'person', grants, via: 'session' };
  if (!(await can(who, permission, { agencyId }, scopes))) {
    throw problems.invalidField(
      pointer,
      {
        vi: 'Người được chọn không thuộc cơ quan xử lý văn bản này hoặc không có quyền tương ứng.',
        en: 'The person chosen does not work on this agency’s documents in that capacity.',
      },
      'not-eligible',
    );
  }
}
