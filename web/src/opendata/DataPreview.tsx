import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatNumber } from '../components/format.js';
import { ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { EChart, type ChartOption } from '../ioc/EChart.js';
import { useLang, useT } from '../i18n/index.js';
import { ckan, opendataKeys, type CkanResource, type DatastoreResult } from './api.js';

const PREVIEW_ROWS = 20;
const NUMERIC = new Set(['int', 'numeric']);

/** The first rows of a table (datastore_search) and, when it has a label and a figure, a bar chart of them. */
export function DataPreview({ resource }: { resource: CkanResource }) {
  const t = useT();
  const { lang } = useLang();
  const query = { resource_id: resource.id, limit: PREVIEW_ROWS };
  const rows = useQuery({
    queryKey: opendataKeys.datastore(resource.id, query),
    queryFn: ({ signal }) => ckan<DatastoreResult>('datastore_search', query, signal),
  });

  const chart = useMemo((): ChartOption | null => {
    const d = rows.data;
    if (!d) return null;
    const label = d.fields.find((f) => f.id !== '_id' && !NUMERIC.has(f.type));
    const value = d.fields.find((f) => f.id !== '_id' && NUMERIC.has(f.type));
    if (!label || !value) return null;
    const points = d.records.filter((r) => typeof r[value.id] === 'number');
    if (!points.length) return null;
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'category', data: points.map((r) => String(r[label.id] ?? '')), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: value.info?.label ?? value.id },
      series: [{ type: 'bar', name: value.info?.label ?? value.id, data: points.map((r) => r[value.id] as number) }],
    } as ChartOption;
  }, [rows.data]);

  if (rows.isPending) return <ListSkeleton rows={5} />;
  if (rows.isError) return <ErrorNotice error={rows.error} onRetry={() => void rows.refetch()} />;
  const d = rows.data;
  const fields = d.fields.filter((f) => f.id !== '_id');
  return (
    <div data-testid="opendata-preview">
      <p className="muted">
        {t('od.preview.rows', { shown: formatNumber(d.records.length, lang), total: formatNumber(d.total, lang) })}
      </p>
      <TableWrap label={t('od.preview.title', { name: resource.name })}>
        <table className="table">
          <caption className="visually-hidden">{t('od.preview.title', { name: resource.name })}</caption>
          <thead>
            <tr>
              {fields.map((f) => (
                <th key={f.id} scope="col" title={f.id}>
                  {f.info?.label || f.id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.records.map((r) => (
              <tr key={String(r._id)}>
                {fields.map((f) => (
                  <td key={f.id}>
                    {r[f.id] === null
                      ? '—'
                      : typeof r[f.id] === 'number'
                        ? formatNumber(r[f.id] as number, lang)
                        : String(r[f.id])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {chart && (
        <EChart option={chart} label={t('od.preview.chart', { name: resource.name })} testId="opendata-chart" />
      )}
    </div>
  );
}
