import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../api/client.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { EChart, type ChartOption } from '../ioc/EChart.js';
import { Exports } from './Exports.js';
import type { Ranked, Share } from './types.js';
import '../ioc/ioc.css';

interface Ranking {
  set: { key: string; nameVi: string; nameEn: string; target: number | null };
  year: number;
  share: Share;
  live: Share;
  warnings: number;
  items: Ranked[];
}
interface SetDetail {
  warnings: { code: string; kind: string; messageVi: string; messageEn: string }[];
  rows: {
    code: string;
    printedCode: string;
    kind: string;
    title: string;
    ruleText: string;
    printedMax: number | null;
    source: { kind: string } | null;
  }[];
}

/** A criteria set's ranking, its share computed from data against the plan's target (a gauge), and the set's data-quality warnings. */
export default function RankingPage() {
  const { key = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const ranking = useQuery({
    queryKey: ['reporting', 'ranking', key],
    queryFn: ({ signal }) => api<Ranking>(`/api/reporting/criteria-sets/${key}/ranking`, { signal }),
  });
  const detail = useQuery({
    queryKey: ['reporting', 'set', key],
    queryFn: ({ signal }) => api<SetDetail>(`/api/reporting/criteria-sets/${key}`, { signal }),
  });
  const r = ranking.data;
  const name = r ? (lang === 'vi' ? r.set.nameVi : r.set.nameEn) : '';
  usePageTitle(t('rep.ranking.title', { name }));
  // The gauge shows the criteria whose data arrives (live), not those merely mapped to a source.
  const share = r ? r.live.computedCriteria / Math.max(1, r.live.criteria) : 0;
  const gauge = useMemo<ChartOption>(
    () => ({
      aria: { enabled: true },
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          progress: { show: true },
          detail: { formatter: '{value}%', fontSize: 20 },
          axisLine: {
            lineStyle: {
              width: 12,
              color: [
                [r?.set.target ?? 0.8, '#b3261e'],
                [1, '#1a7f37'],
              ],
            },
          },
          data: [
            {
              value: Math.round(share * 1000) / 10,
              name: `${t('rep.target.goal')} ${Math.round((r?.set.target ?? 0.8) * 100)}%`,
            },
          ],
        },
      ],
    }),
    [share, r, t],
  );
  return (
    <div className="page page--wide ioc" data-testid="ranking-page">
      <h1>{t('rep.ranking.title', { name })}</h1>
      <div className="ioc-grid">
        <section className="card" aria-labelledby="share-heading">
          <h2 id="share-heading">{t('rep.computedShare')}</h2>
          <EChart option={gauge} label={t('rep.gauge.label')} height={220} />
          {r && (
            <p className="small" data-testid="computed-share">
              {t('rep.computedShare.detail', {
                done: r.live.computedCriteria,
                total: r.live.criteria,
                points: r.live.computedPoints,
                allPoints: r.live.points,
                target: Math.round((r.set.target ?? 0.8) * 100),
              })}
            </p>
          )}
          {r && (
            <p className="small muted">
              {t('rep.computedShare.mapped', { mapped: r.share.computedCriteria, total: r.share.criteria })}
            </p>
          )}
        </section>
        {!!detail.data?.warnings.length && (
          <section className="card" aria-labelledby="warn-heading">
            <h2 id="warn-heading">{t('rep.warnings')}</h2>
            <ul data-testid="set-warnings">
              {detail.data.warnings.map((w) => (
                <li key={`${w.code}-${w.kind}`}>{lang === 'vi' ? w.messageVi : w.messageEn}</li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <section className="card" aria-labelledby="rank-heading">
        <h2 id="rank-heading">
          {t('rep.ranking')} {r?.year}
        </h2>
        <Exports href={`/api/reporting/criteria-sets/${key}/ranking`} />
        <div className="tablewrap">
          <table className="table" data-testid="ranking-table">
            <thead>
              <tr>
                <th scope="col">{t('rep.rank')}</th>
                <th scope="col">{t('rep.agency')}</th>
                <th scope="col">{t('rep.score')}</th>
                <th scope="col">{t('rep.max')}</th>
                <th scope="col">{t('rep.change')}</th>
                <th scope="col">{t('rep.prevYear')}</th>
              </tr>
            </thead>
            <tbody>
              {(r?.items ?? []).map((x) => (
                <tr key={x.agencyId} data-testid="rank-row" data-agency={x.agencyId} data-rank={x.rank}>
                  <td>{x.rank}</td>
                  <td>{x.name}</td>
                  <td>{x.score.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })}</td>
                  <td>{x.max}</td>
                  <td>
                    {x.lastRank === null || x.lastRank === x.rank
                      ? '–'
                      : x.lastRank > x.rank
                        ? `▲ ${x.lastRank - x.rank}`
                        : `▼ ${x.rank - x.lastRank}`}
                  </td>
                  <td>{x.previousYearRank === null ? '—' : `${x.previousYearRank} (${x.previousYearScore})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="tree-heading">
        <h2 id="tree-heading">{t('rep.sets')}</h2>
        <Exports href={`/api/reporting/criteria-sets/${key}`} />
        <div className="tablewrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('rep.code')}</th>
                <th scope="col">{t('rep.criterion')}</th>
                <th scope="col">{t('rep.rule')}</th>
                <th scope="col">{t('rep.max')}</th>
                <th scope="col">{t('rep.source')}</th>
              </tr>
            </thead>
            <tbody>
              {(detail.data?.rows ?? []).map((c) => (
                <tr key={c.code}>
                  <td>{c.printedCode}</td>
                  <td>{c.kind === 'group' ? <strong>{c.title}</strong> : c.title}</td>
                  <td className="small">{c.ruleText}</td>
                  <td>{c.printedMax ?? '—'}</td>
                  <td>
                    {c.kind === 'group'
                      ? ''
                      : c.source?.kind === 'answer'
                        ? t('rep.source.answer')
                        : t('rep.source.data')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
