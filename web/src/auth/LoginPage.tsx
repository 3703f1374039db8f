import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';
import { afterLogin, areaOfPath, canUse, landingPath, safeReturnTo } from './roles.js';
import { useLogin, useSession } from './session.js';

interface Providers {
  password: boolean;
  oidc: { enabled: boolean; label?: string };
}

export default function LoginPage() {
  const t = useT();
  usePageTitle(t('login.title'));
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const denied = params.get('denied') === '1';
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const providers = useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: () => api<Providers>('/api/auth/providers'),
    staleTime: Infinity,
    retry: false,
  });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => userRef.current?.focus(), []);

  // Already logged in with an account that may open the page asked for: no need for the form.
  const account = session.data;
  if (account && returnTo && canUse(account.account, areaOfPath(returnTo.split('?')[0] ?? '/')) && !login.isSuccess) {
    return <Navigate to={returnTo} replace />;
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      { onSuccess: (s) => navigate(afterLogin(s.account, returnTo), { replace: true }) },
    );
  };

  const oidc = providers.data?.oidc;
  const oidcHref = `/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo ?? '/login/done')}`;

  return (
    <div className="page page--narrow">
      <div className="card card--login">
        <h1>{t('login.title')}</h1>
        {denied && account ? (
          <p className="notice notice--warning" role="status">
            {t('login.denied', { name: account.account.displayName })}
          </p>
        ) : returnTo ? (
          <p className="notice notice--info" role="status">
            {t('login.required')}
          </p>
        ) : (
          <p className="muted">{t('login.intro')}</p>
        )}
        <form className="form" onSubmit={onSubmit} noValidate={false}>
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              ref={userRef}
              id="login-username"
              name="username"
              data-testid="login-username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={100}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type={showPassword ? 'text' : 'password'}
              data-testid="login-password"
              autoComplete="current-password"
              required
              maxLength={200}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <label className="checkbox">
              <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
              {t('login.showPassword')}
            </label>
          </div>
          {login.isError && <ErrorNotice error={login.error} compact />}
          <button
            type="submit"
            className="button button--primary button--block"
            data-testid="login-submit"
            disabled={login.isPending}
          >
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        {oidc?.enabled && (
          <>
            <p className="divider">
              <span>{t('login.or')}</span>
            </p>
            <a className="button button--secondary button--block" href={oidcHref} data-testid="login-oidc">
              {oidc.label ? t('login.oidcWith', { label: oidc.label }) : t('login.oidc')}
            </a>
          </>
        )}
      </div>
    </div>
  );
}

/** Where an OpenID Connect login comes back when no page was asked for: sends the user on by role. */
export function LoginDone() {
  const t = useT();
  const session = useSession();
  if (session.isPending) return <Loading label={t('login.redirecting')} />;
  if (session.isError) return <ErrorNotice error={session.error} onRetry={() => void session.refetch()} />;
  return <Navigate to={session.data ? landingPath(session.data.account) : '/login'} replace />;
}
