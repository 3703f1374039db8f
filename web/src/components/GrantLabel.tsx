import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { keys, type Agency, type Unit } from '../api/directory.js';
import type { Grant } from '../auth/roles.js';
import { pick, useLang, useT } from '../i18n/index.js';

/** "Chuyên viên — Sở Tư pháp": the role and the name of the scope it holds, looked up when the server gave only an id. */
export function GrantLabel({ grant }: { grant: Grant }) {
  const t = useT();
  const role = t(`role.${grant.role}`);
  const scope = useScopeName(grant);
  return <>{scope ? t('role.at', { role, scope }) : role}</>;
}

function useScopeName(g: Grant): string | null {
  const { lang } = useLang();
  const needsLookup = !g.scopeName && !!g.scopeId && g.scopeKind !== 'none';
  const agency = useQuery({
    queryKey: keys.agency(g.scopeId ?? ''),
    queryFn: () => api<Agency>(`/api/directory/agencies/${encodeURIComponent(g.scopeId!)}`),
    enabled: needsLookup && g.scopeKind === 'agency',
    retry: false,
    staleTime: 10 * 60_000,
    meta: { quiet: true },
  });
  const unit = useQuery({
    queryKey: keys.unit(g.scopeId ?? ''),
    queryFn: () => api<Unit>(`/api/directory/units/${encodeURIComponent(g.scopeId!)}`),
    enabled: needsLookup && g.scopeKind === 'unit',
    retry: false,
    staleTime: 10 * 60_000,
    meta: { quiet: true },
  });
  if (g.scopeKind === 'none') return null;
  if (g.scopeName) return pick(g.scopeName, lang);
  if (g.scopeKind === 'agency' && agency.data?.name) return agency.data.name;
  if (g.scopeKind === 'unit' && unit.data?.name) return pick(unit.data.name, lang);
  return g.scopeId;
}
