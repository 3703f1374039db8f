import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, isMissingRoute } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { ComingSoon, Empty, Loading, NotFound } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { QUEUES, queueKey, type QueuePage as Page } from './queues.js';

const LIMIT = 50;

export default function QueuePage() {
  const { queue } = useParams();
  const def = QUEUES.find((q) => q.slug === queue);
  const t = useT();
  const { lang } = useLang();
  usePageTitle(def ? t(def.label) : undefined);
  const list = useQuery({
    queryKey: queueKey(def?.slug ?? '', LIMIT),
    queryFn: ({ signal }) => api<Page>(def!.endpoint, { query: { ...def!.query, limit: LIMIT }, signal }),
    enabled: !!def,
    retry: false,
    meta: { quiet: true },
  });
  if (!def) return <NotFound />;
  return (
    <div className="page">
      <h1>{t(def.label)}</h1>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        isMissingRoute(list.error) ? (
          <ComingSoon>{t('ws.queue.coming')}</ComingSoon>
        ) : (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        )
      ) : list.data.items.length === 0 ? (
        <Empty>{t('ws.queue.empty')}</Empty>
      ) : (
        <div className="tablewrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">{t('ws.col.code')}</th>
                <th scope="col">{t('ws.col.title')}</th>
                <th scope="col">{t('ws.col.status')}</th>
                <th scope="col">{t('ws.col.due')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((it) => (
                <tr key={it.id}>
                  <td data-label={t('ws.col.code')}>
                    <code>{it.code ?? it.id}</code>
                  </td>
                  <td data-label={t('ws.col.title')}>{pick(it.title ?? it.name, lang)}</td>
                  <td data-label={t('ws.col.status')}>{pick(it.status, lang)}</td>
                  <td data-label={t('ws.col.due')}>{formatInstant(it.dueAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
