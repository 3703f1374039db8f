import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Account } from '../auth/roles.js';
import { useLogout } from '../auth/session.js';
import { useLang, useT } from '../i18n/index.js';
import { useToast } from './Toast.js';
import { GrantLabel } from './GrantLabel.js';
import { isApiError } from '../api/client.js';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  const first = parts.length > 1 ? (parts[0] ?? '') : '';
  return ((first[0] ?? '') + (last[0] ?? '')).toUpperCase() || '?';
}

export function UserMenu({ account }: { account: Account | null }) {
  const t = useT();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const logout = useLogout();
  const navigate = useNavigate();
  const toast = useToast();
  const { lang } = useLang();

  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Closed from the keyboard, the focus goes back to the button that opened it, not to the page's start.
      const inside = box.current?.contains(document.activeElement);
      setOpen(false);
      if (inside) button.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!account) {
    const here = location.pathname + location.search;
    const to =
      location.pathname === '/login' || here === '/' ? '/login' : `/login?returnTo=${encodeURIComponent(here)}`;
    return (
      <Link className="button button--small button--onDark" to={to}>
        {t('user.login')}
      </Link>
    );
  }

  return (
    <div className="usermenu" ref={box}>
      <button
        type="button"
        ref={button}
        className="usermenu__button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {/* The name comes from the content (not aria-label), so that what is seen is what voice control hears. */}
        <span className="avatar" aria-hidden="true">
          {initials(account.displayName)}
        </span>
        <span className="visually-hidden">{t('user.menu')}: </span>
        <span className="usermenu__name">{account.displayName}</span>
      </button>
      <div className="usermenu__panel" id={panelId} hidden={!open}>
        <p className="usermenu__who">
          <strong>{account.displayName}</strong>
          <span className="muted">{account.username}</span>
        </p>
        {account.grants.length > 0 && (
          <>
            <p className="usermenu__label">{t('user.roles')}</p>
            <ul className="usermenu__roles">
              {account.grants.map((g, i) => (
                <li key={i}>
                  <GrantLabel grant={g} />
                </li>
              ))}
            </ul>
          </>
        )}
        <button
          type="button"
          className="button button--block button--secondary"
          data-testid="logout"
          disabled={logout.isPending}
          onClick={() =>
            logout.mutate(undefined, {
              onSuccess: () => navigate('/', { replace: true }),
              onError: (e) =>
                toast.show(
                  isApiError(e)
                    ? e.code === 'network'
                      ? t('error.network')
                      : (e.text(lang).detail ?? e.text(lang).title)
                    : t('error.title'),
                  'error',
                ),
            })
          }
        >
          {logout.isPending ? t('user.loggingOut') : t('user.logout')}
        </button>
      </div>
    </div>
  );
}
