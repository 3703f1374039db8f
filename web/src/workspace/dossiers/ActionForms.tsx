/**
 * The staff's actions on a dossier, each with its own small form. Only the actions the API lists in
 * `allowedActions` for the caller are offered; the server checks again and its field errors show here.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { dossierKeys, performAction, type DossierDetail, type UploadedFile } from '../../api/dossiers.js';
import { fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useToast } from '../../components/Toast.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';
import { AgencyPicker } from '../../portal/dossiers/AgencyPicker.js';
import { FileUpload } from '../../portal/dossiers/parts.js';
import { SupplementForm } from '../../portal/dossiers/CitizenActions.js';
import { HandlerSelect } from '../HandlerSelect.js';

type Kind = 'text' | 'textarea' | 'lines' | 'handler' | 'agency' | 'file' | 'datetime' | 'days';
interface FieldSpec {
  name: string;
  kind: Kind;
  label: MessageKey;
  required?: boolean;
  hint?: MessageKey;
}

const NOTE: FieldSpec = { name: 'note', kind: 'textarea', label: 'dossier.note' };

/** Each action's form; anything not listed sends an empty body. */
const FORMS: Record<string, FieldSpec[]> = {
  receive: [NOTE],
  assign: [{ name: 'handlerId', kind: 'handler', label: 'os.ws.handler', required: true }, NOTE],
  'process-step': [{ name: 'opinion', kind: 'textarea', label: 'os.opinion' }, NOTE],
  forward: [
    { name: 'agencyId', kind: 'agency', label: 'os.ws.forwardTo', required: true },
    { name: 'reason', kind: 'textarea', label: 'os.reason', required: true },
  ],
  'request-supplement': [
    { name: 'reason', kind: 'textarea', label: 'os.reason', required: true },
    { name: 'papers', kind: 'lines', label: 'os.papersAsked', hint: 'os.ws.onePerLine' },
  ],
  refuse: [{ name: 'reasons', kind: 'lines', label: 'os.reasons', required: true, hint: 'os.ws.onePerLine' }],
  approve: [NOTE],
  'attach-result': [{ name: 'sha256', kind: 'file', label: 'os.ws.resultFile', required: true }, NOTE],
  return: [NOTE],
  withdraw: [{ name: 'reason', kind: 'textarea', label: 'os.reason' }],
  suspend: [{ name: 'reason', kind: 'textarea', label: 'os.reason', required: true }],
  resume: [NOTE],
  apologize: [
    { name: 'reason', kind: 'textarea', label: 'os.reason', required: true },
    { name: 'newDueAt', kind: 'datetime', label: 'portal.lookup.newDue', hint: 'os.ws.newDueHint' },
    { name: 'workingDays', kind: 'days', label: 'os.ws.workingDays', hint: 'os.ws.newDueHint' },
  ],
};
/** Actions that end or turn a dossier back: shown in the danger style. */
const DANGER = new Set(['refuse', 'withdraw', 'suspend']);

/** `YYYY-MM-DDTHH:mm` typed in Vietnam → an instant. */
const vnInstant = (local: string) => new Date(`${local}:00+07:00`).toISOString();

function ActionForm({ d, action, onDone }: { d: DossierDetail; action: string; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const specs = FORMS[action] ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [file, setFile] = useState<UploadedFile[]>([]);
  const set = (k: string, v: string) => setValues((x) => ({ ...x, [k]: v }));
  const act = useMutation({
    mutationFn: (body: Record<string, unknown>) => performAction(d.id, action, body),
    onSuccess: (r) => {
      qc.setQueryData(dossierKeys.one(d.id), r.dossier);
      void qc.invalidateQueries({ queryKey: ['dossiers', 'queue'] });
      void qc.invalidateQueries({ queryKey: ['workspace'] });
      toast.success(t('os.ws.acted', { action: t(`dossier.action.${action}` as MessageKey) }));
      onDone();
    },
  });
  const body = () => {
    const out: Record<string, unknown> = {};
    for (const s of specs) {
      const v = (values[s.name] ?? '').trim();
      if (s.kind === 'file') {
        if (file[0]) out[s.name] = file[0].sha256;
      } else if (s.kind === 'lines') {
        const lines = v
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        if (lines.length) out[s.name] = lines;
      } else if (s.kind === 'datetime') {
        if (v) out[s.name] = vnInstant(v);
      } else if (s.kind === 'days') {
        if (v) out[s.name] = Number(v);
      } else if (v) out[s.name] = v;
    }
    return out;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    act.mutate(body());
  };
  const err = (name: string) => fieldErrorOf(act.error, name, lang);
  return (
    <form
      className="form card"
      onSubmit={submit}
      data-testid={`action-form-${action}`}
      aria-labelledby={`action-form-${action}-title`}
    >
      <h3 id={`action-form-${action}-title`}>{t(`dossier.action.${action}` as MessageKey)}</h3>
      {specs.map((s) => {
        const id = `act-${s.name}`;
        const e = err(s.name);
        const describedBy = [s.hint && `${id}-hint`, e && `${id}-error`].filter(Boolean).join(' ') || undefined;
        if (s.kind === 'handler')
          return (
            <HandlerSelect
              key={s.name}
              url={`/api/dossiers/${d.id}/handlers`}
              id="act-handlerId"
              testId="act-handlerId"
              label="os.ws.handler"
              value={values[s.name] ?? ''}
              onChange={(v) => set(s.name, v)}
              error={e}
            />
          );
        if (s.kind === 'agency')
          return (
            <AgencyPicker
              key={s.name}
              id={id}
              label={t(s.label)}
              value={values[s.name] ?? ''}
              onChange={(v) => set(s.name, v)}
              required
              error={e}
              testId={id}
              exclude={[d.currentAgencyId]}
            />
          );
        if (s.kind === 'file')
          return (
            <FileUpload
              key={s.name}
              id={id}
              label={t(s.label)}
              required={s.required}
              files={file}
              onChange={(fs) => setFile(fs.slice(-1))}
              error={e}
              testId={id}
            />
          );
        const common = {
          id,
          required: s.required,
          value: values[s.name] ?? '',
          'data-testid': id,
          'aria-invalid': e ? true : undefined,
          'aria-describedby': describedBy,
        };
        return (
          <div key={s.name} className={`field ${e ? 'has-error' : ''}`}>
            <label htmlFor={id}>
              {t(s.label)}
              {s.required && <span aria-hidden="true"> *</span>}
            </label>
            {s.kind === 'text' ? (
              <input {...common} onChange={(ev) => set(s.name, ev.target.value)} />
            ) : s.kind === 'datetime' ? (
              <input {...common} type="datetime-local" onChange={(ev) => set(s.name, ev.target.value)} />
            ) : s.kind === 'days' ? (
              <input
                {...common}
                type="number"
                min={0.5}
                max={365}
                step={0.5}
                onChange={(ev) => set(s.name, ev.target.value)}
              />
            ) : (
              <textarea
                {...common}
                maxLength={4000}
                rows={s.kind === 'lines' ? 4 : 3}
                onChange={(ev) => set(s.name, ev.target.value)}
              />
            )}
            {s.hint && (
              <span className="field__hint" id={`${id}-hint`}>
                {t(s.hint)}
              </span>
            )}
            {e && (
              <span className="field__error" id={`${id}-error`} role="alert">
                {e}
              </span>
            )}
          </div>
        );
      })}
      {act.isError && <ErrorNotice error={act.error} compact />}
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          {t('app.cancel')}
        </button>
        <button
          type="submit"
          className={DANGER.has(action) ? 'button button--danger' : 'button button--primary'}
          disabled={act.isPending}
          data-testid="action-submit"
        >
          {t(`dossier.action.${action}` as MessageKey)}
        </button>
      </div>
    </form>
  );
}

/** Actions whose only input is an optional note: one click does them, with the note typed above if any. */
const QUICK = new Set(['receive', 'approve', 'return', 'resume']);

function QuickActions({ d, actions }: { d: DossierDetail; actions: string[] }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: (action: string) => performAction(d.id, action, note.trim() ? { note: note.trim() } : {}),
    onSuccess: (r, action) => {
      qc.setQueryData(dossierKeys.one(d.id), r.dossier);
      void qc.invalidateQueries({ queryKey: ['dossiers', 'queue'] });
      void qc.invalidateQueries({ queryKey: ['workspace'] });
      toast.success(t('os.ws.acted', { action: t(`dossier.action.${action}` as MessageKey) }));
      setNote('');
    },
  });
  const e = fieldErrorOf(act.error, 'note', lang);
  return (
    <div className="os-quick">
      <div className={`field ${e ? 'has-error' : ''}`}>
        <label htmlFor="action-note">{t('os.ws.quickNote')}</label>
        <textarea
          id="action-note"
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(ev) => setNote(ev.target.value)}
          data-testid="action-note"
          aria-invalid={e ? true : undefined}
        />
        {e && (
          <span className="field__error" role="alert">
            {e}
          </span>
        )}
      </div>
      <div className="buttons">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className="button button--primary"
            disabled={act.isPending}
            onClick={() => act.mutate(a)}
            data-testid={`action-${a}`}
          >
            {t(`dossier.action.${a}` as MessageKey)}
          </button>
        ))}
      </div>
      {act.isError && !e && <ErrorNotice error={act.error} compact />}
    </div>
  );
}

export function StaffActions({ d }: { d: DossierDetail }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  // The applicant's own actions (rating) are not the staff's to do.
  const actions = d.allowedActions.filter((a) => a !== 'rate');
  const quick = actions.filter((a) => QUICK.has(a));
  const withForm = actions.filter((a) => !QUICK.has(a));
  return (
    <section className="card" aria-labelledby="actions-heading" data-testid="dossier-actions">
      <h2 id="actions-heading">{t('os.ws.actions')}</h2>
      {actions.length === 0 && (
        <p className="muted" data-testid="no-actions">
          {t('os.ws.noActions')}
        </p>
      )}
      {quick.length > 0 && <QuickActions key={d.timeline.length} d={d} actions={quick} />}
      {withForm.length > 0 && (
        <div className="buttons">
          {withForm.map((a) => (
            <button
              key={a}
              type="button"
              className={open === a ? 'button button--on' : DANGER.has(a) ? 'button button--ghost' : 'button'}
              aria-expanded={open === a}
              onClick={() => setOpen(open === a ? null : a)}
              data-testid={`action-${a}`}
            >
              {t(`dossier.action.${a}` as MessageKey)}
            </button>
          ))}
        </div>
      )}
      {open === 'supplement' && actions.includes('supplement') ? (
        <SupplementForm key={d.timeline.length} d={d} testPrefix="ws-supplement" />
      ) : (
        open &&
        withForm.includes(open) && (
          <ActionForm key={`${open}-${d.timeline.length}`} d={d} action={open} onDone={() => setOpen(null)} />
        )
      )}
    </section>
  );
}
