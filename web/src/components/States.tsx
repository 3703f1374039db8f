import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('app.loading')}</span>
    </div>
  );
}

/**
 * A list that is loading, drawn at the size it will have: rows of the same height as the loaded rows, so that what
 * comes after it does not move when the items arrive (Lighthouse's layout shift). Screen readers hear only the status.
 */
export function ListSkeleton({ rows, lines = 2, label }: { rows: number; lines?: number; label?: string }) {
  const t = useT();
  return (
    <div className="skeleton" role="status" aria-live="polite" data-testid="list-skeleton">
      <span className="visually-hidden">{label ?? t('app.loading')}</span>
      <p className="skeleton__line skeleton__line--short" aria-hidden="true" />
      <ul className="list" aria-hidden="true">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="list__item">
            <span className="skeleton__line skeleton__line--title" />
            {Array.from({ length: lines - 1 }, (_, j) => (
              <span key={j} className="skeleton__line skeleton__line--small" />
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A friendly state for a part of the server that does not exist yet. */
export function ComingSoon({ children }: { children?: ReactNode }) {
  const t = useT();
  return (
    <div className="coming" role="status">
      <svg className="coming__icon" viewBox="0 0 24 24" aria-hidden="true" width="32" height="32">
        <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 5v5.6l4 2.4-.8 1.3L11 13V7h2z" fill="currentColor" />
      </svg>
      <div>
        <p className="coming__title">{t('app.comingTitle')}</p>
        <p>{children ?? t('app.comingBody')}</p>
      </div>
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const t = useT();
  return <p className="empty">{children ?? t('app.empty')}</p>;
}

export function NotFound() {
  const t = useT();
  return (
    <div className="page page--narrow">
      <h1>{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFoundBody')}</p>
      <p>
        <Link className="button" to="/">
          {t('app.home')}
        </Link>
      </p>
    </div>
  );
}
