import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { feedbackApi, reporterTicket } from '../../api/feedback.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Field, fieldErrorOf } from '../../admin/Field.js';
import { useLang, useT } from '../../i18n/index.js';

/** Anonymous reporting: confirm a phone number with a one-time code; the ticket then stands in for a login. */
export function PhoneStep({ onDone, returnTo }: { onDone: () => void; returnTo: string }) {
  const t = useT();
  const { lang } = useLang();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentUntil, setSentUntil] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () =>
      feedbackApi<{ expiresAt: string }>('/api/feedback/phone/code', {
        method: 'POST',
        body: { phone: phone.trim() },
        lang,
      }),
    onSuccess: (r) => setSentUntil(r.expiresAt),
  });
  const verify = useMutation({
    mutationFn: () =>
      feedbackApi<{ ticket: string; expiresAt: string }>('/api/feedback/phone/verify', {
        method: 'POST',
        body: { phone: phone.trim(), code: code.trim() },
        lang,
      }),
    onSuccess: (r) => {
      reporterTicket.set(r.ticket, r.expiresAt);
      onDone();
    },
  });
  const onSend = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const onVerify = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };
  return (
    <section className="card" aria-labelledby="phone-step-heading" data-testid="phone-step">
      <h2 id="phone-step-heading">{t('feedback.who')}</h2>
      <p>
        <Link className="button button--primary" to={`/login?returnTo=${encodeURIComponent(returnTo)}`}>
          {t('feedback.loginToReport')}
        </Link>
      </p>
      <p className="muted">{t('feedback.orPhone')}</p>
      <form className="form" onSubmit={onSend} noValidate>
        <Field
          id="reporter-phone"
          label={t('feedback.phone')}
          hint={t('feedback.phoneHint')}
          error={fieldErrorOf(send.error, 'phone', lang)}
        >
          <input
            id="reporter-phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            required
            data-testid="reporter-phone"
          />
        </Field>
        <div className="form__actions">
          <button
            type="submit"
            className="button button--secondary"
            disabled={send.isPending || phone.trim().length < 9}
            data-testid="reporter-send-code"
          >
            {sentUntil ? t('feedback.resendCode') : t('feedback.sendCode')}
          </button>
        </div>
        {send.isError && <ErrorNotice error={send.error} compact />}
      </form>
      {sentUntil && (
        <form className="form" onSubmit={onVerify} noValidate>
          <p className="notice notice--info" role="status">
            {t('feedback.codeSent')}
          </p>
          <Field id="reporter-code" label={t('feedback.code')} error={fieldErrorOf(verify.error, 'code', lang)}>
            <input
              id="reporter-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="reporter-code"
            />
          </Field>
          <div className="form__actions">
            <button
              type="submit"
              className="button button--primary"
              disabled={verify.isPending || code.trim().length !== 6}
              data-testid="reporter-verify"
            >
              {t('feedback.verify')}
            </button>
          </div>
          {verify.isError && <ErrorNotice error={verify.error} compact />}
        </form>
      )}
    </section>
  );
}
