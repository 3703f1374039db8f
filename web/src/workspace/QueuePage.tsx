import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, isMissingRoute } from '../api/client.js';
import { performAction, type DossierPage, type DossierSummary } from '../api/dossiers.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { ComingSoon, Empty, Loading, NotFound } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { DossierStatusBadge } from '../portal/dossiers/parts.js';
import { Pager } from '../portal/MyDossiersPage.js';
import { QUEUES, queueKey, type QueueDef, type QueuePage as Page } from './queues.js';

const LIMIT = 50;

/** Receives the chosen dossiers one after the other; each answer counts on its own (one may have moved meanwhile). */
function BulkReceive({ chosen, onDone }: { chosen: DossierSummary[]; onDone: () => void }) {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<{ code: string; error: unknown }[]>([]);
  const run = async () => {
    setBusy(true);
    const errors: { code: string; error: unknown }[] = [];
    for (const d of chosen) {
      try {
        await performAction(d.id, 'receive', {});
      } catch (error) {
        errors.push({ code: d.code, error });
      }
    }
    setFailed(errors);
    setBusy(false);
    toast.success(t('os.ws.bulkDone', { ok: chosen.length - errors.length, total: chosen.length }));
    void qc.invalidateQueries({ queryKey: ['dossiers'] });
    void qc.invalidateQueries({ queryKey: ['workspace'] });
    onDone();
  };
  return (
    <div className="os-bulk" role="region" aria-label={t('os.ws.bulk')}>
      <button
        type="button"
        className="button button--primary"
        disabled={busy || chosen.length === 0}
        onClick={() => void run()}
        data-testid="bulk-receive"
      >
        {t('os.ws.bulkReceive', { n: chosen.length })}
      </button>
      {failed.map((f) => (
        <div key={f.code}>
          <code>{f.code}</code>
          <ErrorNotice error={f.error} compact />
        </div>
      ))}
    </div>
  );
}

function DossierQueue({ def }: { def: QueueDef }) {
  const t = useT();
  const { lang } = useLang();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const mine = params.get('mine') === '1';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [text, setText] = useState(q);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const query = { ...def.query, q: q || undefined, assignedToMe: mine || undefined, limit: LIMIT, offset };
  const list = useQuery({
    queryKey: ['dossiers', 'queue', query],
    queryFn: ({ signal }) => api<DossierPage>(def.endpoint, { query, signal }),
    retry: false,
  });
  const bulk = def.slug === 'receive';
  const items = list.data?.items ?? [];
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const toggle = (id: string) =>
    setChosen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <>
      <form
        className="form form--inline filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: text.trim() || undefined, offset: undefined });
        }}
      >
        <div className="field field--grow">
          <label htmlFor="queue-q">{t('os.ws.search')}</label>
          <input
            id="queue-q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="queue-search"
          />
        </div>
        {def.slug !== 'receive' && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={mine}
              onChange={(e) => set({ mine: e.target.checked ? '1' : undefined, offset: undefined })}
              data-testid="queue-mine"
            />{' '}
            {t('os.ws.assignedToMe')}
          </label>
        )}
        <button type="submit" className="button">
          {t('os.ws.filter')}
        </button>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>{t('ws.queue.empty')}</Empty>
      ) : (
        <>
          {bulk && <BulkReceive chosen={items.filter((d) => chosen.has(d.id))} onDone={() => setChosen(new Set())} />}
          <div className="tablewrap">
            <table className="table table--stack" data-testid="dossier-queue">
              <caption className="visually-hidden">{t(def.label)}</caption>
              <thead>
                <tr>
                  {bulk && (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t('os.ws.selectAll')}
                        checked={items.length > 0 && items.every((d) => chosen.has(d.id))}
                        onChange={(e) => setChosen(e.target.checked ? new Set(items.map((d) => d.id)) : new Set())}
                        data-testid="queue-select-all"
                      />
                    </th>
                  )}
                  <th scope="col">{t('ws.col.code')}</th>
                  <th scope="col">{t('portal.lookup.procedure')}</th>
                  <th scope="col">{t('dossier.applicant')}</th>
                  <th scope="col">{t('ws.col.status')}</th>
                  <th scope="col">{bulk ? t('os.submittedAt') : t('ws.col.due')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id} data-testid={`queue-row-${d.code}`}>
                    {bulk && (
                      <td data-label={t('os.ws.select')}>
                        <input
                          type="checkbox"
                          checked={chosen.has(d.id)}
                          onChange={() => toggle(d.id)}
                          aria-label={t('os.ws.selectOne', { code: d.code })}
                          data-testid={`queue-select-${d.code}`}
                        />
                      </td>
                    )}
                    <td data-label={t('ws.col.code')} className="nowrap">
                      <Link to={`/workspace/dossiers/${d.id}`}>{d.code}</Link>
                      {d.channel === 'counter' && <span className="badge badge--muted">{t('os.channel.counter')}</span>}
                    </td>
                    <td data-label={t('portal.lookup.procedure')}>{d.title}</td>
                    <td data-label={t('dossier.applicant')}>{d.applicantName}</td>
                    <td data-label={t('ws.col.status')}>
                      <DossierStatusBadge status={d.status} late={d.late} paused={d.paused} />
                    </td>
                    <td
                      data-label={bulk ? t('os.submittedAt') : t('ws.col.due')}
                      className={d.late ? 'nowrap text-danger' : 'nowrap'}
                    >
                      {bulk
                        ? formatInstant(d.submittedAt, lang)
                        : formatInstant(d.newDueAt ?? d.dueAt, lang) || t('app.dash')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            total={list.data.total}
            offset={offset}
            limit={LIMIT}
            onPage={(o) => set({ offset: o ? String(o) : undefined })}
          />
        </>
      )}
    </>
  );
}

/** Any other list (documents…): shown plainly until its own page exists. */
function GenericQueue({ def }: { def: QueueDef }) {
  const t = useT();
  const { lang } = useLang();
  const list = useQuery({
    queryKey: queueKey(def.slug, LIMIT),
    queryFn: ({ signal }) => api<Page>(def.endpoint, { query: { ...def.query, limit: LIMIT }, signal }),
    retry: false,
    meta: { quiet: true },
  });
  if (list.isPending) return <Loading />;
  if (list.isError)
    return isMissingRoute(list.error) ? (
      <ComingSoon>{t('ws.queue.coming')}</ComingSoon>
    ) : (
      <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
    );
  if (list.data.items.length === 0) return <Empty>{t('ws.queue.empty')}</Empty>;
  return (
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
  );
}

export default function QueuePage() {
  const { queue } = useParams();
  const def = QUEUES.find((q) => q.slug === queue);
  const t = useT();
  usePageTitle(def ? t(def.label) : undefined);
  if (!def) return <NotFound />;
  return (
    <div className="page page--wide" data-testid={`queue-page-${def.slug}`}>
      <div className="page__head">
        <h1>{t(def.label)}</h1>
        {def.dossiers && (
          <Link className="button" to="/workspace/counter" data-testid="open-counter">
            {t('os.counter.title')}
          </Link>
        )}
      </div>
      {def.dossiers ? <DossierQueue key={def.slug} def={def} /> : <GenericQueue def={def} />}
    </div>
  );
}
