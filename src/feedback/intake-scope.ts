import { can, type Permission, type Principal, type Tx } from '../platform/index.js';
import { directoryScopes } from '../directory/index.js';

/**
 * A report filed on someone's behalf (a hotline or counter officer, a connected app through Open311)
 * is judged where it lands once routed: the officer's grant must reach its administrative unit or the
 * agency that handles it. Read through the transaction: on PGlite a read outside it would wait for it.
 */
export async function intakeCovers(
  tx: Tx,
  p: Principal,
  permission: Permission,
  report: { agencyId: string; unitId: string | null },
): Promise<boolean> {
  const scopes = directoryScopes(tx);
  if (report.unitId && (await can(p, permission, { unitId: report.unitId }, scopes))) return true;
  return can(p, permission, { agencyId: report.agencyId }, scopes);
}
