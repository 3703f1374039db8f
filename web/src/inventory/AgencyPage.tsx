import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { pick, usePageTitle, useLang, useT, type MessageKey } from '../i18n/index.js';
import { Figures } from './Figures.js';
import type { AgencyInventory, Row } from './types.js';

const KINDS = ['devices', 'networks', 'systems', 'applications', 'databases'] as const;
type Kind = (typeof KINDS)[number];

/** The columns of each kind: a message key and how to show the value. */
const COLUMNS: Record<Kind, [MessageKey, (r: Row, lang: 'vi' | 'en') => string][]> = {
  devices: [
    ['inv.col.name', (r) => String(r.name)],
    ['inv.col.kind', (r) => String(r.kind)],
    ['inv.col.os', (r) => [r.osName, r.osVersion].filter(Boolean).join(' ')],
    ['inv.col.antimalware', (r) => String(r.antimalware)],
    ['inv.col.lastSeen', (r, l) => formatInstant(r.lastSeenAt as string | null, l)],
  ],
  networks: [
    ['inv.col.kind', (r) => String(r.kind) + (r.level ? ` (${String(r.level)})` : '')],
    ['inv.col.provider', (r) => String(r.provider ?? '')],
  ],
  systems: [
    ['inv.col.name', (r) => String(r.name)],
    ['inv.col.level', (r) => String(r.securityLevel ?? '—')],
    [
      'inv.col.approval',
      (r) => [r.approvalNumber, r.approvalDate].filter(Boolean).join(', ') || String(r.approvalDocumentId ?? '—'),
    ],
    ['inv.col.review', (r) => String(r.reviewDate ?? '—')],
    ['inv.col.ipv6', (r) => String(r.ipv6Status)],
  ],
  applications: [
    ['inv.col.name', (r) => String(r.name)],
    ['inv.col.category', (r) => String(r.category)],
    ['inv.col.vendor', (r) => String(r.vendor ?? '')],
  ],
  databases: [
    ['inv.col.name', (r) => String(r.name)],
    ['inv.col.catalogue', (r) => String(r.catalogueEntry ?? '—')],
  ],
};

/** An agency's inventory: its figures, its sources with their freshness, and its registry by kind. */
export default function AgencyPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('inv.title'));
  const params = useParams();
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const kind = (KINDS as readonly string[]).includes(search.get('kind') ?? '')
    ? (search.get('kind') as Kind)
    : 'devices';
  const grants = (session.data?.account.grants ?? []).filter((g) => g.scopeKind === 'agency' && g.scopeId);
  const agencyId = params.agencyId ?? grants[0]?.scopeId ?? null;
  const inv = useQuery({
    queryKey: ['inventory', 'agency', agencyId],
    enabled: Boolean(agencyId),
    queryFn: ({ signal }) => api<AgencyInventory>(`/api/inventory/agencies/${agencyId}`, { signal }),
  });
  const rows = useQuery({
    queryKey: ['inventory', 'rows', agencyId, kind],
    enabled: Boolean(agencyId),
    queryFn: ({ signal }) =>
      api<{ total: number; items: Row[] }>(`/api/inventory/agencies/${agencyId}/${kind}?status=all`, { signal }),
  });

  return (
    <div className="page" data-testid="inventory-agency">
      <h1>{t('inv.title')}</h1>
      <p className="muted">{t('inv.intro')}</p>
      {grants.length > 1 && !params.agencyId && (
        <p>
          {grants.map((g) => (
            <Link key={g.scopeId} className="button button--secondary" to={`/workspace/inventory/${g.scopeId}`}>
              {pick(g.scopeName, lang) || g.scopeId}
            </Link>
          ))}
        </p>
      )}
      {!agencyId ? (
        session.isPending ? (
          <ListSkeleton rows={4} />
        ) : (
          <Empty>{t('inv.noAgency')}</Empty>
        )
      ) : inv.isPending ? (
        <ListSkeleton rows={6} />
      ) : inv.isError ? (
        <ErrorNotice error={inv.error} onRetry={() => void inv.refetch()} />
      ) : (
        <>
          <h2>{inv.data.agency.name}</h2>
          <section aria-labelledby="inv-figures">
            <h3 id="inv-figures">{t('inv.figures')}</h3>
            {inv.data.facts ? <Figures f={inv.data.facts} /> : <Empty>{t('inv.none')}</Empty>}
          </section>
          <section aria-labelledby="inv-sources">
            <h3 id="inv-sources">{t('inv.sources')}</h3>
            {!inv.data.sources.length ? (
              <Empty>{t('inv.source.none')}</Empty>
            ) : (
              <TableWrap label={t('inv.sources')}>
                <table className="table" data-testid="inventory-sources">
                  <thead>
                    <tr>
                      <th scope="col">{t('inv.source')}</th>
                      <th scope="col">{t('inv.source.kind')}</th>
                      <th scope="col">{t('inv.freshness')}</th>
                      <th scope="col">{t('inv.source.lastSuccess')}</th>
                      <th scope="col">{t('inv.source.lastError')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inv.data.sources.map((s) => (
                      <tr key={s.id}>
                        <td>{s.name}</td>
                        <td>{s.kind}</td>
                        <td>{t(`inv.freshness.${s.freshness}`)}</td>
                        <td>{formatInstant(s.lastSuccessAt, lang)}</td>
                        <td>{s.lastError ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>
          <section aria-labelledby="inv-registry">
            <h3 id="inv-registry">{t('inv.tabs')}</h3>
            <nav
              aria-label={t('inv.tabs')}
              style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', marginBottom: '1rem' }}
            >
              {KINDS.map((k) => (
                <button
                  key={k}
                  type="button"
                  className={k === kind ? 'button' : 'button button--secondary'}
                  aria-pressed={k === kind}
                  data-testid={`inventory-tab-${k}`}
                  onClick={() => setSearch({ kind: k })}
                >
                  {t(`inv.tab.${k}`)} ({inv.data.counts[k] ?? 0})
                </button>
              ))}
            </nav>
            {rows.isPending ? (
              <ListSkeleton rows={5} />
            ) : rows.isError ? (
              <ErrorNotice error={rows.error} onRetry={() => void rows.refetch()} />
            ) : !rows.data.items.length ? (
              <Empty>{t('inv.none')}</Empty>
            ) : (
              <TableWrap label={t(`inv.tab.${kind}`)}>
                <table className="table" data-testid="inventory-rows">
                  <thead>
                    <tr>
                      {COLUMNS[kind].map(([k]) => (
                        <th key={k} scope="col">
                          {t(k)}
                        </th>
                      ))}
                      <th scope="col">{t('inv.col.status')}</th>
                      <th scope="col">{t('inv.source')}</th>
                      <th scope="col">{t('inv.col.updated')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.data.items.map((r) => (
                      <tr key={String(r.id)}>
                        {COLUMNS[kind].map(([k, show]) => (
                          <td key={k}>{show(r, lang)}</td>
                        ))}
                        <td>{t(r.status === 'gone' ? 'inv.status.gone' : 'inv.status.active')}</td>
                        <td>{String(r.sourceName)}</td>
                        <td>{formatInstant(r.updatedAt as string, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </section>
        </>
      )}
    </div>
  );
}
