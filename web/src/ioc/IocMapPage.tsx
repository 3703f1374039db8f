import { usePageTitle, useT } from '../i18n/index.js';
import { MapView } from './MapView.js';

export default function IocMapPage() {
  const t = useT();
  usePageTitle(t('ioc.map.title'));
  return (
    <div className="page page--wide">
      <h1>{t('ioc.map.title')}</h1>
      <MapView height={560} />
    </div>
  );
}
