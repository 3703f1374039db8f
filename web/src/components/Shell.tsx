import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { AREAS, AREA_PATHS, canUse, type Area } from '../auth/roles.js';
import { useSession } from '../auth/session.js';
import { useT } from '../i18n/index.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { navFor } from './nav.js';
import { RequireArea } from './RequireArea.js';
import { Ready } from './Ready.js';
import { Loading } from './States.js';
import { UserMenu } from './UserMenu.js';

/**
 * The frame of every page: top bar (product, area switcher, language, user) and the area's own navigation.
 * On a phone both navigations fold into one menu opened by the menu button.
 */
export function Shell({ area }: { area: Area }) {
  const t = useT();
  const location = useLocation();
  const session = useSession();
  const account = session.data?.account ?? null;
  const [menuOpen, setMenuOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => setMenuOpen(false), [location.pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    // The opened menu takes the focus; Escape closes it and gives the focus back to the button.
    navRef.current?.querySelector<HTMLElement>('a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const areas = AREAS.filter((a) => canUse(account, a));
  const allowedHere = canUse(account, area);
  const nav = allowedHere ? navFor(area, account) : [];
  const side = area !== 'portal';

  const areaSwitcher = (extraClass: string) =>
    areas.length > 1 && (
      <ul className={`areaswitch ${extraClass}`} aria-label={t('area.label')}>
        {areas.map((a) => (
          <li key={a}>
            <NavLink
              to={AREA_PATHS[a]}
              end={a === 'portal'}
              className={({ isActive }) =>
                isActive || a === area ? 'areaswitch__link is-current' : 'areaswitch__link'
              }
              aria-current={a === area ? 'true' : undefined}
              data-testid={`area-${a}`}
            >
              {t(`area.${a}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    );

  return (
    <div className={`shell shell--${area} ${side ? 'shell--side' : 'shell--top'}`}>
      <a className="skiplink" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <button
          ref={menuButton}
          type="button"
          className="menubutton"
          aria-expanded={menuOpen}
          aria-controls="areanav"
          aria-label={menuOpen ? t('app.closeMenu') : t('app.openMenu')}
          data-testid="menu-button"
          onClick={() => setMenuOpen((o) => !o)}
        >
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            {menuOpen ? (
              <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            ) : (
              <path d="M4 7h16M4 12h16M4 17h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            )}
          </svg>
        </button>
        <Link to="/" className="brand">
          <svg className="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="#c8102e" />
            <path d="M16 5l2.6 7.6H26l-6 4.6 2.3 7.6L16 20.2l-6.3 4.6L12 17.2 6 12.6h7.4z" fill="#ffd23f" />
          </svg>
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__area">{t(`area.${area}`)}</span>
        </Link>
        <nav className="topbar__areas" aria-label={t('area.label')}>
          {areaSwitcher('areaswitch--top')}
        </nav>
        <div className="topbar__tools">
          <LanguageSwitch />
          {!session.isPending && <UserMenu account={account} />}
        </div>
      </header>
      <div className="shell__body">
        <nav
          ref={navRef}
          id="areanav"
          className={`areanav ${side ? 'areanav--side' : 'areanav--top'} ${menuOpen ? 'is-open' : ''}`}
          aria-label={t('area.nav', { area: t(`area.${area}`) })}
        >
          {nav.length > 0 && (
            <ul className="areanav__list">
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className="areanav__link">
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          )}
          {areas.length > 1 && (
            <div className="areanav__areas">
              <p className="areanav__heading">{t('area.label')}</p>
              {areaSwitcher('areaswitch--menu')}
            </div>
          )}
        </nav>
        {menuOpen && <div className="scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
        <main id="main" className="main" tabIndex={-1}>
          {/* Pages load as their own chunks (App.tsx): the frame stays while one arrives. */}
          <Suspense fallback={<Loading />}>
            {area === 'portal' ? (
              <Outlet />
            ) : (
              <RequireArea area={area}>
                <Outlet />
              </RequireArea>
            )}
            <Ready />
          </Suspense>
        </main>
      </div>
      <footer className="footer">
        <span>
          {t('app.name')} — {t('app.tagline')}
        </span>
      </footer>
    </div>
  );
}
