import { reaches, reachesAny, useCoverage, type Owner } from '../auth/coverage.js';
import { useT } from '../i18n/index.js';

/**
 * May the administrator change this record? `pending` until the answer is known, so that a page shows neither a
 * form it would then take away nor a notice it would then withdraw. `owner` null: a record not created yet, which
 * may be made wherever the administrator has the role.
 */
export function useMayEdit(action: string, owner: Owner | null) {
  const c = useCoverage(action);
  return { pending: c.isPending, may: owner ? reaches(c.data, owner) : reachesAny(c.data) };
}

/** Whether to offer "create", "merge", "import": only where the administrator may do it somewhere. */
export function useMayCreate(action: string, provinceOnly = false) {
  const c = useCoverage(action);
  return provinceOnly ? Boolean(c.data?.province) : reachesAny(c.data);
}

/** Said instead of a form the administrator may not use. */
export function OutOfScope({ owner }: { owner: Owner }) {
  const t = useT();
  return (
    <p className="notice notice--info" data-testid="out-of-scope">
      {owner.agencyId || owner.unitId ? t('admin.outOfScope') : t('admin.outOfScopeProvince')}
    </p>
  );
}
