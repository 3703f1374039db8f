import { useMemo, useState } from 'react';
import { isMissingRoute } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { currentYear, formatDay, monthName } from '../components/format.js';
import { ComingSoon, Loading } from '../components/States.js';
import { pick, useLang, useT } from '../i18n/index.js';
import { EChart, encodeHTML, type ChartOption } from './EChart.js';
import { byMonth, useHolidays } from './holidays.js';

export function HolidayChart() {
  const t = useT();
  const { lang } = useLang();
  const [year, setYear] = useState(currentYear);
  const holidays = useHolidays(year);

  const option = useMemo<ChartOption | null>(() => {
    if (!holidays.data) return null;
    const months = byMonth(holidays.data);
    const labels = months.map((_, i) => t('month.short', { n: i + 1, mon: monthName(i + 1, lang, 'short') }));
    return {
      aria: { enabled: true },
      grid: { left: 32, right: 12, top: 16, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number; value: number };
          const list = months[p.dataIndex] ?? [];
          const title = encodeHTML(
            t('month.long', { n: p.dataIndex + 1, month: monthName(p.dataIndex + 1, lang, 'long') }),
          );
          const rows = list.map(
            (h) =>
              `${encodeHTML(formatDay(h.date, lang, { day: '2-digit', month: '2-digit' }))} — ${encodeHTML(pick(h.name, lang))}`,
          );
          return [`<strong>${title}</strong>: ${p.value}`, ...rows].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        axisTick: { alignWithLabel: true },
        axisLabel: { interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('ioc.holidays.series'),
          data: months.map((m) => m.length),
          itemStyle: { color: '#0b4f8a', borderRadius: [4, 4, 0, 0] },
          emphasis: { itemStyle: { color: '#c8102e' } },
        },
      ],
    };
  }, [holidays.data, lang, t]);

  return (
    <section className="card" aria-labelledby="holiday-heading">
      <div className="card__head">
        <h2 id="holiday-heading">{t('ioc.holidays.title', { year })}</h2>
        <div className="stepper" role="group" aria-label={t('calendar.year')}>
          <button
            type="button"
            className="button button--small button--ghost"
            aria-label={t('ioc.prevYear')}
            onClick={() => setYear((y) => y - 1)}
          >
            ‹
          </button>
          <span className="stepper__value">{year}</span>
          <button
            type="button"
            className="button button--small button--ghost"
            aria-label={t('ioc.nextYear')}
            onClick={() => setYear((y) => y + 1)}
          >
            ›
          </button>
        </div>
      </div>
      {holidays.isPending ? (
        <Loading />
      ) : holidays.isError ? (
        isMissingRoute(holidays.error) ? (
          <ComingSoon>{t('ioc.holidays.coming')}</ComingSoon>
        ) : (
          <ErrorNotice error={holidays.error} onRetry={() => void holidays.refetch()} />
        )
      ) : (
        <>
          {option && <EChart option={option} label={t('ioc.holidays.chartLabel', { year })} testId="holiday-chart" />}
          <p className="muted small">{t('ioc.holidays.total', { count: holidays.data.length })}</p>
          {/* The chart's text alternative: the same figures, and the days behind them, as a table. */}
          <details className="chartdata" data-testid="holiday-table">
            <summary>{t('ioc.holidays.table')}</summary>
            <table className="table table--compact">
              <caption className="visually-hidden">{t('ioc.holidays.chartLabel', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ioc.holidays.month')}</th>
                  <th scope="col">{t('ioc.holidays.series')}</th>
                  <th scope="col">{t('ioc.holidays.days')}</th>
                </tr>
              </thead>
              <tbody>
                {byMonth(holidays.data).map((list, i) => (
                  <tr key={i}>
                    <th scope="row">{monthName(i + 1, lang, 'long')}</th>
                    <td>{list.length}</td>
                    <td>
                      {list
                        .map(
                          (h) =>
                            `${formatDay(h.date, lang, { day: '2-digit', month: '2-digit' })} ${pick(h.name, lang)}`,
                        )
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
