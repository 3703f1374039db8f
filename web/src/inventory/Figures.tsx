import { useT } from '../i18n/index.js';
import type { Facts } from './types.js';

/** An agency's figures, as the published view computes them. */
export function Figures({ f }: { f: Facts }) {
  const t = useT();
  const yn = (b: boolean) => (b ? t('inv.yes') : t('inv.no'));
  const items: [string, string][] = [
    [t('inv.fig.staff'), String(f.staff_count)],
    [t('inv.fig.desktop'), `${f.staff_with_desktop} / ${f.staff_count}`],
    [t('inv.fig.laptop'), `${f.staff_with_laptop_or_tablet} / ${f.staff_count}`],
    [t('inv.fig.computers'), `${f.computers_total} (${f.computers_internet})`],
    [t('inv.fig.networks'), [f.has_lan, f.has_internet, f.on_wan, f.on_dedicated_network].map(yn).join(' / ')],
    [t('inv.fig.systems'), `${f.systems_total} (${f.systems_ipv6} / ${f.systems_level_approved})`],
    [t('inv.fig.databases'), String(f.sector_databases)],
    [t('inv.fig.apps'), [f.has_hr_app, f.has_finance_app, f.has_emulation_app, f.has_asset_app].map(yn).join(' / ')],
    [t('inv.fig.antimalware'), `${f.endpoints_antimalware} / ${f.endpoints_total}`],
    [t('inv.fig.sharing'), yn(f.shares_malware_data)],
  ];
  return (
    <dl className="details" data-testid="inventory-figures">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
