import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Agency, Page } from '../../api/directory.js';
import type { ReportDetail } from '../../api/feedback.js';
import { useSession } from '../../auth/session.js';
import { Field, fieldErrorOf } from '../../admin/Field.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT, type MessageKey } from '../../i18n/index.js';
import { PhotoPicker, type PickedPhoto } from '../../portal/reports/parts.js';
import { useReportAction } from '../../portal/reports/ReporterActions.js';
import { HandlerSelect, useHandlers } from '../HandlerSelect.js';

const STAFF_ACTIONS = ['accept', 'assign', 'transfer', 'request-info', 'resolve', 'reject', 'merge'] as const;
type StaffAction = (typeof STAFF_ACTIONS)[number];

/** The actions the server allows this officer now, one form at a time. */
export function StaffActions({ report }: { report: ReportDetail }) {
  const t = useT();
  const allowed = STAFF_ACTIONS.filter((a) => report.allowedActions.includes(a));
  const [open, setOpen] = useState<StaffAction | null>(null);
  if (allowed.length === 0)
    return (
      <section className="card" data-testid="staff-actions">
        <p className="muted">{t('feedback.ws.noActions')}</p>
      </section>
    );
  const current = open && allowed.includes(open) ? open : null;
  const close = () => setOpen(null);
  return (
    <section className="card" aria-labelledby="staff-actions-heading" data-testid="staff-actions">
      <h2 id="staff-actions-heading">{t('feedback.ws.actions')}</h2>
      <div className="buttons" role="group" aria-label={t('feedback.ws.actions')}>
        {allowed.map((a) => (
          <button
            key={a}
            type="button"
            className={current === a ? 'button button--small button--on' : 'button button--small button--secondary'}
            aria-expanded={current === a}
            onClick={() => setOpen(current === a ? null : a)}
            data-testid={`staff-action-${a}`}
          >
            {t(`feedback.do.${a}` as MessageKey)}
          </button>
        ))}
      </div>
      {current === 'accept' && <NoteAction report={report} action="accept" onDone={close} />}
      {current === 'assign' && <AssignAction report={report} onDone={close} />}
      {current === 'transfer' && <TransferAction report={report} onDone={close} />}
      {current === 'request-info' && (
        <TextAction
          report={report}
          action="request-info"
          field="question"
          label="feedback.detail.question"
          onDone={close}
        />
      )}
      {current === 'resolve' && <ResolveAction report={report} onDone={close} />}
      {current === 'reject' && <RejectAction report={report} onDone={close} />}
      {current === 'merge' && <MergeAction report={report} onDone={close} />}
    </section>
  );
}

function ActionForm({
  action,
  onSubmit,
  pending,
  error,
  disabled,
  children,
}: {
  action: StaffAction;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  disabled?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid={`staff-form-${action}`}>
      <h3>{t(`feedback.do.${action}` as MessageKey)}</h3>
      {children}
      {error ? <ErrorNotice error={error} compact /> : null}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={pending || disabled}
          data-testid={`staff-submit-${action}`}
        >
          {t(`feedback.do.${action}` as MessageKey)}
        </button>
      </div>
    </form>
  );
}

function NoteAction({ report, action, onDone }: { report: ReportDetail; action: 'accept'; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [note, setNote] = useState('');
  const m = useReportAction(report, action, `feedback.done.${action}`);
  return (
    <ActionForm
      action={action}
      pending={m.isPending}
      error={m.error}
      onSubmit={() => m.mutate(note.trim() ? { note: note.trim() } : {}, { onSuccess: onDone })}
    >
      <Field id={`${action}-note`} label={t('feedback.detail.note')} error={fieldErrorOf(m.error, 'note', lang)}>
        <textarea id={`${action}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

function TextAction({
  report,
  action,
  field,
  label,
  onDone,
}: {
  report: ReportDetail;
  action: 'request-info';
  field: string;
  label: MessageKey;
  onDone: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const [text, setText] = useState('');
  const m = useReportAction(report, action, `feedback.done.${action}`);
  return (
    <ActionForm
      action={action}
      pending={m.isPending}
      error={m.error}
      disabled={text.trim().length < 3}
      onSubmit={() => m.mutate({ [field]: text.trim() }, { onSuccess: onDone })}
    >
      <Field id={`${action}-${field}`} label={`${t(label)} *`} error={fieldErrorOf(m.error, field, lang)}>
        <textarea
          id={`${action}-${field}`}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid={`${action}-${field}`}
        />
      </Field>
    </ActionForm>
  );
}

function AssignAction({ report, onDone }: { report: ReportDetail; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const session = useSession();
  const me = session.data?.account.id ?? '';
  const [handler, setHandler] = useState('');
  // "Assign to me" only for one the server lists (the same list as the picker's, from its cache).
  const listed = useHandlers(`/api/feedback/reports/${report.id}/handlers`);
  const mayTakeIt = !!listed.data?.items.some((p) => p.accountId === me);
  const [note, setNote] = useState('');
  const m = useReportAction(report, 'assign', 'feedback.done.assign');
  return (
    <ActionForm
      action="assign"
      pending={m.isPending}
      error={m.error}
      disabled={!handler.trim()}
      onSubmit={() =>
        m.mutate(
          { handlerAccountId: handler.trim(), ...(note.trim() ? { note: note.trim() } : {}) },
          { onSuccess: onDone },
        )
      }
    >
      <HandlerSelect
        url={`/api/feedback/reports/${report.id}/handlers`}
        id="assign-handler"
        testId="assign-handler"
        label="feedback.ws.handler"
        value={handler}
        onChange={setHandler}
        error={fieldErrorOf(m.error, 'handlerAccountId', lang)}
      />
      <p>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => setHandler(me)}
          disabled={!me || !mayTakeIt}
        >
          {t('feedback.ws.assignMe')}
        </button>
      </p>
      <Field id="assign-note" label={t('feedback.detail.note')}>
        <textarea id="assign-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

function TransferAction({ report, onDone }: { report: ReportDetail; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [q, setQ] = useState('');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const agencies = useQuery({
    queryKey: ['directory', 'agencies', 'transfer', q],
    queryFn: ({ signal }) =>
      api<Page<Agency>>('/api/directory/agencies', {
        query: { q: q.trim() || undefined, active: true, limit: 50 },
        signal,
      }),
    staleTime: 60_000,
  });
  const m = useReportAction(report, 'transfer', 'feedback.done.transfer');
  const options = (agencies.data?.items ?? []).filter((a) => a.id !== report.agency.id);
  return (
    <ActionForm
      action="transfer"
      pending={m.isPending}
      error={m.error}
      disabled={!target || reason.trim().length < 3}
      onSubmit={() => m.mutate({ toAgencyId: target, reason: reason.trim() }, { onSuccess: onDone })}
    >
      <Field id="transfer-search" label={t('feedback.ws.searchAgency')}>
        <input
          id="transfer-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="transfer-search"
        />
      </Field>
      <Field
        id="transfer-target"
        label={`${t('feedback.detail.toAgency')} *`}
        error={fieldErrorOf(m.error, 'toAgencyId', lang)}
      >
        <select
          id="transfer-target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          data-testid="transfer-target"
        >
          <option value="">
            {agencies.isPending ? t('app.loading') : t('feedback.ws.chooseAgency', { n: options.length })}
          </option>
          {options.map((a) => (
            <option key={a.id} value={a.id} data-code={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      {agencies.isError && <ErrorNotice error={agencies.error} compact />}
      <Field
        id="transfer-reason"
        label={`${t('feedback.detail.reason')} *`}
        error={fieldErrorOf(m.error, 'reason', lang)}
      >
        <textarea
          id="transfer-reason"
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="transfer-reason"
        />
      </Field>
    </ActionForm>
  );
}

function ResolveAction({ report, onDone }: { report: ReportDetail; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const m = useReportAction(report, 'resolve', 'feedback.done.resolve');
  return (
    <ActionForm
      action="resolve"
      pending={m.isPending}
      error={m.error}
      disabled={note.trim().length < 3}
      onSubmit={() =>
        m.mutate(
          { note: note.trim(), ...(photos.length ? { photos: photos.map((p) => p.sha256) } : {}) },
          { onSuccess: onDone },
        )
      }
    >
      <Field
        id="resolve-note"
        label={`${t('feedback.ws.resolveNote')} *`}
        hint={t('feedback.ws.resolveHint')}
        error={fieldErrorOf(m.error, 'note', lang)}
      >
        <textarea
          id="resolve-note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="resolve-note"
        />
      </Field>
      <PhotoPicker id="resolve-photos" value={photos} onChange={setPhotos} max={10} />
    </ActionForm>
  );
}

function RejectAction({ report, onDone }: { report: ReportDetail; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [kind, setKind] = useState<'invalid' | 'duplicate'>('invalid');
  const [reason, setReason] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const m = useReportAction(report, 'reject', 'feedback.done.reject');
  return (
    <ActionForm
      action="reject"
      pending={m.isPending}
      error={m.error}
      disabled={reason.trim().length < 3 || (kind === 'duplicate' && !duplicateOf.trim())}
      onSubmit={() =>
        m.mutate(
          { kind, reason: reason.trim(), ...(kind === 'duplicate' ? { duplicateOf: duplicateOf.trim() } : {}) },
          { onSuccess: onDone },
        )
      }
    >
      <fieldset className="fieldset radios">
        <legend>{t('feedback.ws.rejectKind')}</legend>
        <label className="radio">
          <input type="radio" name="reject-kind" checked={kind === 'invalid'} onChange={() => setKind('invalid')} />
          {t('feedback.ws.rejectInvalid')}
        </label>
        <label className="radio">
          <input type="radio" name="reject-kind" checked={kind === 'duplicate'} onChange={() => setKind('duplicate')} />
          {t('feedback.ws.rejectDuplicate')}
        </label>
      </fieldset>
      {kind === 'duplicate' && (
        <Field
          id="reject-dup"
          label={`${t('feedback.detail.duplicateOf')} *`}
          hint={t('feedback.ws.reportRefHint')}
          error={fieldErrorOf(m.error, 'duplicateOf', lang)}
        >
          <input id="reject-dup" value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} />
        </Field>
      )}
      <Field
        id="reject-reason"
        label={`${t('feedback.detail.reason')} *`}
        error={fieldErrorOf(m.error, 'reason', lang)}
      >
        <textarea id="reject-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
    </ActionForm>
  );
}

function MergeAction({ report, onDone }: { report: ReportDetail; onDone: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [into, setInto] = useState('');
  const [note, setNote] = useState('');
  const m = useReportAction(report, 'merge', 'feedback.done.merge');
  return (
    <ActionForm
      action="merge"
      pending={m.isPending}
      error={m.error}
      disabled={!into.trim()}
      onSubmit={() =>
        m.mutate({ intoReportId: into.trim(), ...(note.trim() ? { note: note.trim() } : {}) }, { onSuccess: onDone })
      }
    >
      <Field
        id="merge-into"
        label={`${t('feedback.detail.mergedInto')} *`}
        hint={t('feedback.ws.reportRefHint')}
        error={fieldErrorOf(m.error, 'intoReportId', lang)}
      >
        <input id="merge-into" value={into} onChange={(e) => setInto(e.target.value)} />
      </Field>
      <Field id="merge-note" label={t('feedback.detail.note')}>
        <textarea id="merge-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </ActionForm>
  );
}
