import { Link } from 'react-router';
import { usePageTitle, useT, type MessageKey } from '../i18n/index.js';

const SECTIONS: { to: string; title: MessageKey; body: MessageKey }[] = [
  { to: '/admin/units', title: 'admin.nav.units', body: 'admin.home.units' },
  { to: '/admin/agencies', title: 'admin.nav.agencies', body: 'admin.home.agencies' },
  { to: '/admin/people', title: 'admin.nav.people', body: 'admin.home.people' },
  { to: '/admin/calendar', title: 'admin.nav.calendar', body: 'admin.home.calendar' },
  { to: '/admin/audit', title: 'admin.nav.audit', body: 'admin.home.audit' },
];

export default function AdminHome() {
  const t = useT();
  usePageTitle(t('area.admin'));
  return (
    <div className="page" data-testid="admin-home">
      <h1>{t('admin.home.title')}</h1>
      <ul className="quicklinks quicklinks--grid">
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <Link to={s.to} className="quicklink">
              <span className="quicklink__title">{t(s.title)}</span>
              <span className="quicklink__body">{t(s.body)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
