import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { act, type DocDetail, type Person } from './api.js';
import { actionKey } from './labels.js';

type Field =
  | {
      name: string;
      kind: 'text' | 'textarea' | 'number';
      label: MessageKey;
      required?: boolean;
      initial?: (d: DocDetail) => string;
    }
  | {
      name: string;
      kind: 'person' | 'people';
      label: MessageKey;
      as: 'handle' | 'read' | 'review' | 'approve';
      required?: boolean;
    }
  | { name: string; kind: 'select'; label: MessageKey; options: { value: string; label: MessageKey }[] }
  | { name: string; kind: 'checkbox'; label: MessageKey };

/** The fields each action's form asks for (the server checks them again). */
const FORMS: Record<string, Field[]> = {
  assign: [
    { name: 'leadId', kind: 'person', as: 'handle', label: 'doc.form.lead', required: true },
    { name: 'coHandlerIds', kind: 'people', as: 'handle', label: 'doc.form.co' },
    { name: 'readerIds', kind: 'people', as: 'read', label: 'doc.form.readers' },
    { name: 'workingDays', kind: 'number', label: 'doc.form.workingDays' },
    { name: 'instruction', kind: 'textarea', label: 'doc.form.instruction' },
  ],
  'report-progress': [
    { name: 'note', kind: 'textarea', label: 'doc.form.note', required: true },
    { name: 'percent', kind: 'number', label: 'doc.form.percent' },
  ],
  'give-opinion': [{ name: 'text', kind: 'textarea', label: 'doc.form.opinion', required: true }],
  complete: [
    {
      name: 'outcome',
      kind: 'select',
      label: 'doc.form.outcome',
      options: [
        { value: 'filed', label: 'doc.outcome.filed' },
        { value: 'for_information', label: 'doc.outcome.for_information' },
        { value: 'replied', label: 'doc.outcome.replied' },
      ],
    },
    { name: 'replyDocumentId', kind: 'text', label: 'doc.form.reply' },
    { name: 'note', kind: 'textarea', label: 'doc.form.note' },
  ],
  'save-version': [
    { name: 'summary', kind: 'text', label: 'doc.col.summary', initial: (d) => d.summary },
    { name: 'body', kind: 'textarea', label: 'doc.draft.body', initial: (d) => d.body ?? '' },
    { name: 'note', kind: 'text', label: 'doc.form.note' },
  ],
  submit: [{ name: 'reviewerId', kind: 'person', as: 'review', label: 'doc.form.reviewer' }],
  review: [
    { name: 'signerId', kind: 'person', as: 'approve', label: 'doc.form.signer', required: true },
    { name: 'signerCapacity', kind: 'text', label: 'doc.draft.capacity', initial: (d) => d.signerCapacity ?? '' },
    { name: 'signerTitle', kind: 'text', label: 'doc.draft.title', initial: (d) => d.signerTitle ?? '' },
    { name: 'signerName', kind: 'text', label: 'doc.form.signerName', initial: (d) => d.signerName ?? '' },
  ],
  return: [{ name: 'reason', kind: 'textarea', label: 'doc.form.reason', required: true }],
  withdraw: [{ name: 'reason', kind: 'textarea', label: 'doc.form.reason', required: true }],
  approve: [],
  number: [],
  issue: [],
  // Sent through the exchange to every recipient that is an agency; paper copies are noted, not posted from here.
  send: [{ name: 'withPaper', kind: 'checkbox', label: 'doc.form.withPaper' }],
  recall: [{ name: 'reason', kind: 'textarea', label: 'doc.form.reason', required: true }],
};

export const hasForm = (action: string) => action in FORMS;

function PeoplePicker({
  agencyId,
  as,
  multiple,
  value,
  onChange,
  label,
  required,
  testId,
}: {
  agencyId: string;
  as: string;
  multiple: boolean;
  value: string | string[];
  onChange: (v: string | string[]) => void;
  label: string;
  required?: boolean;
  testId: string;
}) {
  const people = useQuery({
    queryKey: ['documents', 'assignable', agencyId, as],
    queryFn: ({ signal }) => api<Person[]>('/api/documents/assignable', { query: { agencyId, as }, signal }),
  });
  return (
    <label>
      {label}
      <select
        multiple={multiple}
        required={required}
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(multiple ? Array.from(e.target.selectedOptions).map((o) => o.value) : e.target.value)}
      >
        {!multiple && <option value="">—</option>}
        {people.data?.map((p) => (
          <option key={p.accountId} value={p.accountId}>
            {p.displayName}
            {p.position ? ` (${p.position})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * One action's form: its fields, then the button that performs it; the document is refreshed after.
 * Reviewers and signers of a unit's draft are listed for the drafting unit: the unit head may read its own unit's
 * people, and a leader who approves for the agency covers its units too (the server checks the signer again).
 */
export function ActionForm({ doc, action, onDone }: { doc: DocDetail; action: string; onDone: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const fields = FORMS[action] ?? [];
  const [values, setValues] = useState<Record<string, string | string[]>>(() =>
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        f.kind === 'people'
          ? []
          : 'initial' in f && f.initial
            ? f.initial(doc)
            : f.kind === 'select'
              ? f.options[0]!.value
              : '',
      ]),
    ),
  );
  const run = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { clientTransactionId: crypto.randomUUID() };
      for (const f of fields) {
        const v = values[f.name];
        if (f.kind === 'checkbox') body[f.name] = v === 'true';
        else if (Array.isArray(v)) {
          if (v.length) body[f.name] = v;
        } else if (v !== '' && v !== undefined) body[f.name] = f.kind === 'number' ? Number(v) : v;
      }
      return act(doc.id, action, body);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['documents'] });
      onDone();
    },
  });
  return (
    <form
      className="form"
      data-testid={`doc-form-${action}`}
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      {fields.map((f) => {
        const id = `doc-${action}-${f.name}`;
        if (f.kind === 'person' || f.kind === 'people') {
          return (
            <PeoplePicker
              key={f.name}
              agencyId={f.as === 'review' || f.as === 'approve' ? (doc.draftingUnitId ?? doc.agencyId) : doc.agencyId}
              as={f.as}
              multiple={f.kind === 'people'}
              value={values[f.name]!}
              onChange={(v) => setValues({ ...values, [f.name]: v })}
              label={t(f.label)}
              required={f.required}
              testId={id}
            />
          );
        }
        if (f.kind === 'checkbox') {
          return (
            <label key={f.name} className="checkbox">
              <input
                type="checkbox"
                checked={values[f.name] === 'true'}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.checked ? 'true' : '' })}
                data-testid={id}
              />{' '}
              {t(f.label)}
            </label>
          );
        }
        if (f.kind === 'select') {
          return (
            <label key={f.name}>
              {t(f.label)}
              <select
                value={values[f.name] as string}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                data-testid={id}
              >
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {t(o.label)}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        const common = {
          value: values[f.name] as string,
          required: f.required,
          'data-testid': id,
          onChange: (e: { target: { value: string } }) => setValues({ ...values, [f.name]: e.target.value }),
        };
        return (
          <label key={f.name}>
            {t(f.label)}
            {f.kind === 'textarea' ? (
              <textarea rows={f.name === 'body' ? 12 : 3} {...common} />
            ) : (
              <input
                type={f.kind === 'number' ? 'number' : 'text'}
                min={f.kind === 'number' ? 0 : undefined}
                {...common}
              />
            )}
          </label>
        );
      })}
      {run.isError && <ErrorNotice error={run.error} />}
      <button type="submit" disabled={run.isPending} data-testid={`doc-do-${action}`}>
        {t(actionKey(action))}
      </button>
    </form>
  );
}
