import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { DataList, type Column } from '../components/DataList.js';
import { pick, usePageTitle, useLang, useT, type Localized } from '../i18n/index.js';
import { auditActionLabel, auditTargetTypeLabel } from './auditLabels.js';

interface AuditRow {
  seq: number;
  at: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** What the object is called now, when its module names it (a dossier's code, an agency's name). */
  targetName: Localized;
}
interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: { seq: number; reason: string } | number;
}

const LIMIT = 50;

export default function AuditPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('audit.title'));
  const log = useInfiniteQuery({
    queryKey: ['audit', 'log'],
    queryFn: ({ pageParam, signal }) =>
      api<{ items: AuditRow[] }>('/api/audit', { query: { limit: LIMIT, before: pageParam }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length < LIMIT ? undefined : last.items[last.items.length - 1]?.seq),
  });
  const verify = useMutation({ mutationFn: () => api<VerifyResult>('/api/audit/verify') });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const broken = verify.data?.brokenAt;
  const columns: Column<AuditRow>[] = [
    { header: t('audit.seq'), cell: (r) => r.seq },
    { header: t('audit.at'), className: 'nowrap', cell: (r) => formatInstant(r.at, lang) },
    { header: t('audit.actor'), cell: (r) => r.actorLabel },
    // The code stays at hand for auditors who search the log or the server's records by it.
    {
      header: t('audit.action'),
      cell: (r) => <span title={t('audit.rawAction', { code: r.action })}>{auditActionLabel(r.action, t)}</span>,
    },
    { header: t('audit.target'), cell: (r) => <AuditTarget row={r} /> },
  ];

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('audit.title')}</h1>
        <button
          type="button"
          className="button button--primary"
          data-testid="audit-verify"
          disabled={verify.isPending}
          onClick={() => verify.mutate()}
        >
          {verify.isPending ? t('audit.verifying') : t('audit.verify')}
        </button>
      </div>
      <p className="muted">{t('audit.intro')}</p>
      <div aria-live="polite">
        {verify.isError && <ErrorNotice error={verify.error} />}
        {verify.data &&
          (verify.data.ok ? (
            <p className="notice notice--success" data-testid="audit-verify-result">
              {t('audit.ok', { checked: verify.data.checked })}
            </p>
          ) : (
            <p className="notice notice--error" data-testid="audit-verify-result">
              {t('audit.broken', {
                seq: typeof broken === 'object' ? broken.seq : (broken ?? '?'),
                reason: typeof broken === 'object' ? broken.reason : '',
                checked: verify.data.checked,
              })}
            </p>
          ))}
      </div>
      <DataList
        label={t('audit.title')}
        columns={columns}
        query={{ ...log, data: log.data && { items: rows } }}
        rowKey={(r) => String(r.seq)}
        tableClassName="table--compact"
        testId="audit-table"
        empty={t('audit.empty')}
        skeletonRows={LIMIT}
        footer={
          log.hasNextPage && (
            <p>
              <button
                type="button"
                className="button button--ghost"
                disabled={log.isFetchingNextPage}
                onClick={() => void log.fetchNextPage()}
              >
                {log.isFetchingNextPage ? t('app.loading') : t('app.loadMore')}
              </button>
            </p>
          )
        }
      />
    </div>
  );
}

/**
 * The object of a row: its kind and its name ("Cơ quan · Sở Tư pháp"); without a name, the start of its id. The
 * full type and id are in the tooltip and in the screen reader's description, for the auditor who checks them.
 */
function AuditTarget({ row }: { row: AuditRow }) {
  const t = useT();
  const { lang } = useLang();
  const kind = auditTargetTypeLabel(row.targetType, t);
  const name = pick(row.targetName, lang);
  if (!row.targetId) return <span title={row.targetType}>{kind}</span>;
  const raw = t('audit.rawTarget', { type: row.targetType, id: row.targetId });
  return (
    <span title={raw}>
      {kind}
      {name ? (
        <>
          {' · '}
          <strong>{name}</strong>
        </>
      ) : (
        <code className="muted small"> {row.targetId.length > 13 ? `${row.targetId.slice(0, 8)}…` : row.targetId}</code>
      )}
      <span className="visually-hidden"> ({raw})</span>
    </span>
  );
}
