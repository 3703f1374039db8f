import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, isApiError } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';

interface ProvinceEntry {
  code: string;
  name: string;
  type: 'tinh' | 'thanh_pho_trung_uong';
  communes: number;
}
interface ProvinceDetail extends Omit<ProvinceEntry, 'communes'> {
  communes: {
    code: string;
    name: string;
    type: string;
    formedFrom: { code: string; name: string; whole: boolean }[];
  }[];
  agencies: string[];
}
interface SetupResult {
  provinceCode: string;
  provinceName: string;
  communes: number;
  agencies: number;
  username: string;
}

const typeWord = (t: string) =>
  t === 'phuong' ? 'Phường' : t === 'dac_khu' ? 'Đặc khu' : t === 'xa' ? 'Xã' : t === 'tinh' ? 'Tỉnh' : 'Thành phố';

/**
 * The first-run page (cài đặt lần đầu): open only while the installation has no province, with the one-time code the
 * server printed in its console. Choosing the province shows what will be loaded; then the first administrator.
 */
export default function SetupPage() {
  const t = useT();
  usePageTitle(t('setup.title'));
  const status = useQuery({
    queryKey: ['setup'],
    queryFn: ({ signal }) => api<{ needed: true; provinces: ProvinceEntry[] }>('/api/setup', { signal }),
    retry: false,
    meta: { quiet: true },
  });
  const [province, setProvince] = useState('');
  const preview = useQuery({
    queryKey: ['setup', 'province', province],
    queryFn: ({ signal }) => api<ProvinceDetail>(`/api/setup/provinces/${province}`, { signal }),
    enabled: province !== '',
    retry: false,
  });
  const [form, setForm] = useState({ code: '', displayName: '', username: '', email: '', password: '', password2: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SetupResult | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const gone = status.isError && isApiError(status.error) && status.error.status === 410;
  if (result || gone) {
    return (
      <div className="page page--narrow">
        <h1>{t('setup.title')}</h1>
        {result ? (
          <div className="notice notice--success" role="status" data-testid="setup-success">
            <p>
              {t('setup.success', {
                province: result.provinceName,
                communes: result.communes,
                agencies: result.agencies,
                username: result.username,
              })}
            </p>
          </div>
        ) : (
          <div className="notice" data-testid="setup-gone">
            <p className="notice__title">{t('setup.done')}</p>
            <p>{t('setup.doneText')}</p>
          </div>
        )}
        <p>
          <Link className="button button--primary" to="/login" data-testid="setup-login">
            {t('setup.login')}
          </Link>
        </p>
      </div>
    );
  }
  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />;

  const mismatch = form.password2 !== '' && form.password !== form.password2;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        code: form.code.trim(),
        province,
        admin: {
          displayName: form.displayName,
          username: form.username.trim(),
          password: form.password,
          ...(form.email.trim() ? { email: form.email.trim() } : {}),
        },
      };
      setResult(await api<SetupResult>('/api/setup', { method: 'POST', body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const p = preview.data;

  return (
    <div className="page page--narrow">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form className="form" onSubmit={(e) => void onSubmit(e)} data-testid="setup-form">
        <fieldset>
          <legend>{t('setup.codeLegend')}</legend>
          <div className="field">
            <label htmlFor="setup-code">{t('setup.code')}</label>
            <input
              id="setup-code"
              data-testid="setup-code"
              required
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              aria-describedby="setup-code-hint"
              value={form.code}
              onChange={set('code')}
            />
            <p className="field__hint" id="setup-code-hint">
              {t('setup.codeHint')}
            </p>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('setup.provinceLegend')}</legend>
          <div className="field">
            <label htmlFor="setup-province">{t('setup.province')}</label>
            <select
              id="setup-province"
              data-testid="setup-province"
              required
              value={province}
              onChange={(e) => setProvince(e.target.value)}
            >
              <option value="">{t('setup.choose')}</option>
              {status.data.provinces.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.code} — {typeWord(x.type)} {x.name} ({t('setup.communes', { n: x.communes })})
                </option>
              ))}
            </select>
          </div>
          {preview.isFetching && <Loading />}
          {preview.isError && <ErrorNotice error={preview.error} compact />}
          {p && (
            <div data-testid="setup-preview">
              <p>
                {t('setup.preview', { communes: p.communes.length, agencies: p.agencies.length + p.communes.length })}
              </p>
              <details>
                <summary>{t('setup.agencies')}</summary>
                <ul>
                  {p.agencies.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </details>
              <details>
                <summary>{t('setup.communeList')}</summary>
                <div className="tablewrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('setup.colCode')}</th>
                        <th scope="col">{t('setup.colName')}</th>
                        <th scope="col">{t('setup.colFormed')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.communes.map((c) => (
                        <tr key={c.code}>
                          <td>
                            <code>{c.code}</code>
                          </td>
                          <td>
                            {typeWord(c.type)} {c.name}
                          </td>
                          <td>
                            {c.formedFrom.map((f) => `${f.name}${f.whole ? '' : ` ${t('setup.part')}`}`).join('; ')}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('setup.adminLegend')}</legend>
          <div className="field">
            <label htmlFor="setup-name">{t('setup.adminName')}</label>
            <input
              id="setup-name"
              data-testid="setup-name"
              required
              maxLength={120}
              autoComplete="name"
              value={form.displayName}
              onChange={set('displayName')}
            />
          </div>
          <div className="field">
            <label htmlFor="setup-login">{t('setup.adminLogin')}</label>
            <input
              id="setup-login"
              data-testid="setup-login-name"
              required
              maxLength={64}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={form.username}
              onChange={set('username')}
            />
          </div>
          <div className="field">
            <label htmlFor="setup-email">{t('setup.adminEmail')}</label>
            <input
              id="setup-email"
              type="email"
              maxLength={200}
              autoComplete="email"
              value={form.email}
              onChange={set('email')}
            />
          </div>
          <div className="field">
            <label htmlFor="setup-password">{t('setup.password')}</label>
            <input
              id="setup-password"
              data-testid="setup-password"
              type="password"
              required
              minLength={8}
              maxLength={200}
              autoComplete="new-password"
              value={form.password}
              onChange={set('password')}
            />
          </div>
          <div className="field">
            <label htmlFor="setup-password2">{t('setup.password2')}</label>
            <input
              id="setup-password2"
              data-testid="setup-password2"
              type="password"
              required
              maxLength={200}
              autoComplete="new-password"
              aria-invalid={mismatch}
              aria-describedby={mismatch ? 'setup-password2-error' : undefined}
              value={form.password2}
              onChange={set('password2')}
            />
            {mismatch && (
              <p className="field__error" id="setup-password2-error">
                {t('setup.mismatch')}
              </p>
            )}
          </div>
        </fieldset>
        {error !== null && <ErrorNotice error={error} />}
        <button type="submit" className="button button--primary" data-testid="setup-submit" disabled={busy || mismatch}>
          {busy ? t('setup.working') : t('setup.submit')}
        </button>
      </form>
    </div>
  );
}
