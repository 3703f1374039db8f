import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import { procedureKeys, type ProcedureDetail } from '../api/procedures.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatNumber } from '../components/format.js';
import { Loading } from '../components/States.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { daysLabel, ProcedureBadges } from './ProcedureSearchPage.js';
import { ProcedureQuestions } from './questions/ProcedureQuestions.js';

export default function ProcedureDetailPage() {
  const { code = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const p = useQuery({
    queryKey: procedureKeys.one(code),
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/procedures/${encodeURIComponent(code)}`, { signal }),
  });
  usePageTitle(p.data ? (lang === 'en' && p.data.nameEn ? p.data.nameEn : p.data.name) : t('procedures.search.title'));

  if (p.isPending) return <Loading />;
  if (p.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={p.error} onRetry={() => void p.refetch()} />
        <Link to="/procedures">← {t('procedures.backToSearch')}</Link>
      </div>
    );
  const d = p.data;
  const money = (n: number) => `${formatNumber(n, lang)} đ`;
  return (
    <div className="page page--narrow" data-testid="procedure-detail">
      <p>
        <Link to="/procedures">← {t('procedures.backToSearch')}</Link>
      </p>
      <h1>{lang === 'en' && d.nameEn ? d.nameEn : d.name}</h1>
      <p>
        <ProcedureBadges p={d} />
      </p>
      {/* one-stop shop: the way into the submission wizard */}
      {d.onlineLevel !== 'offline' ? (
        <p>
          <Link
            className="button button--primary"
            to={`/procedures/${encodeURIComponent(d.code)}/submit`}
            data-testid="procedure-submit"
          >
            {t('os.procedure.submit')}
          </Link>
        </p>
      ) : (
        <p className="notice notice--info">{t('os.procedure.offline')}</p>
      )}
      {/* The procedure's facts as a two-column table (a row per fact): read in order by screen readers, aligned on a phone. */}
      <div className="tablewrap">
        <table className="table facts-table" data-testid="procedure-facts">
          <caption className="visually-hidden">{t('procedures.facts')}</caption>
          <tbody>
            <tr>
              <th scope="row">{t('procedures.code')}</th>
              <td>
                <code>{d.code}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">{t('procedures.field')}</th>
              <td>{lang === 'en' && d.field?.nameEn ? d.field.nameEn : d.field?.name}</td>
            </tr>
            <tr>
              <th scope="row">{t('procedures.level')}</th>
              <td>{d.levels.map((l) => t(`procedures.level.${l}`)).join(', ')}</td>
            </tr>
            <tr>
              <th scope="row">{t('procedures.agency')}</th>
              <td>{d.agency?.name ?? d.agencyText ?? t('procedures.dossierAgency')}</td>
            </tr>
            <tr>
              <th scope="row">{t('procedures.processing')}</th>
              <td>
                {daysLabel(d.processingDays, t, lang)}
                {d.processingNote && <span className="muted small"> — {d.processingNote}</span>}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('procedures.result')}</th>
              <td>{d.resultType ?? t('app.dash')}</td>
            </tr>
            <tr>
              <th scope="row">{t('procedures.legalBasis')}</th>
              <td>{d.legalBasis ?? t('app.dash')}</td>
            </tr>
          </tbody>
        </table>
      </div>

      <section className="card" aria-labelledby="papers-heading">
        <h2 id="papers-heading">{t('procedures.papers')}</h2>
        <div className="tablewrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('procedures.paper')}</th>
                <th scope="col">{t('procedures.originals')}</th>
                <th scope="col">{t('procedures.copies')}</th>
                <th scope="col">{t('procedures.mandatory')}</th>
              </tr>
            </thead>
            <tbody>
              {d.papers.map((x) => (
                <tr key={x.id}>
                  <td data-label="#">{x.ordinal}</td>
                  <td data-label={t('procedures.paper')}>
                    {x.name}
                    {x.note && <span className="muted small"> — {x.note}</span>}
                  </td>
                  <td data-label={t('procedures.originals')}>{x.originals}</td>
                  <td data-label={t('procedures.copies')}>{x.copies}</td>
                  <td data-label={t('procedures.mandatory')}>{x.mandatory ? t('app.yes') : t('app.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="fees-heading">
        <h2 id="fees-heading">{t('procedures.fees')}</h2>
        {d.feeSummary && <p>{d.feeSummary}</p>}
        {d.fees.length === 0 ? (
          <p className="muted">{t('procedures.noFees')}</p>
        ) : (
          <ul className="list">
            {d.fees.map((f) => (
              <li key={f.id} className="list__item">
                <span className="list__title">
                  {f.name}: {money(f.amount)}
                </span>
                {f.note && <span className="muted small">{f.note}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="workflow-heading">
        <h2 id="workflow-heading">{t('procedures.workflow')}</h2>
        <ol data-testid="procedure-workflow">
          {d.workflow.map((s) => (
            <li key={s.id ?? s.ordinal}>
              {pick({ vi: s.name, en: s.nameEn }, lang)} — {t(`role.${s.role}`)}
              {s.agencyMode === 'fixed' && <span className="badge">{t('procedures.interAgency')}</span>} (
              {formatNumber(s.sharePercent, lang)}%)
            </li>
          ))}
        </ol>
      </section>
      <ProcedureQuestions procedure={d} />
    </div>
  );
}
