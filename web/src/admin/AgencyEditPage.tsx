import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../api/client.js';
import { keys, type Agency, type Page, type Unit } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import type { Owner } from '../auth/coverage.js';
import { OutOfScope, useMayEdit } from './scope.js';
import { useToast } from '../components/Toast.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { AGENCY_LEVELS } from './agencyLevels.js';
import { Field } from './Field.js';

interface FormState {
  code: string;
  name: string;
  shortName: string;
  level: string;
  parentId: string;
  unitId: string;
}

type AgencyBody = Partial<{
  name: string;
  shortName: string | null;
  code: string;
  level: string | number | null;
  parentId: string | null;
  unitId: string | null;
}>;

const toForm = (a: Agency | null): FormState => ({
  code: a?.code ?? '',
  name: a?.name ?? '',
  shortName: a?.shortName ?? '',
  level: a?.level == null ? '' : String(a.level),
  parentId: a?.parentId ?? '',
  unitId: a?.unitId ?? '',
});

/** The value to send for a field; a level that came as a number goes back as a number. */
function fieldValue(k: keyof FormState, v: string, original: Agency | null): string | number | null {
  const s = v.trim();
  if (k === 'level') return s === '' ? null : typeof original?.level === 'number' && /^\d+$/.test(s) ? Number(s) : s;
  if (k === 'shortName' || k === 'parentId' || k === 'unitId') return s === '' ? null : s;
  return s;
}

/** Only what changed is sent (a PATCH); a new agency sends everything that is filled in. */
function buildBody(form: FormState, original: Agency | null): AgencyBody {
  const before = toForm(original);
  const body: Record<string, unknown> = {};
  for (const k of Object.keys(form) as (keyof FormState)[]) {
    const v = fieldValue(k, form[k], original);
    if (original ? form[k].trim() !== before[k].trim() : v !== null && v !== '') body[k] = v;
  }
  return body as AgencyBody;
}

export default function AgencyEditPage() {
  const { id } = useParams();
  const creating = id === 'new' || !id;
  const t = useT();
  const agency = useQuery({
    queryKey: keys.agency(id ?? ''),
    queryFn: ({ signal }) => api<Agency>(`/api/directory/agencies/${encodeURIComponent(id!)}`, { signal }),
    enabled: !creating,
  });
  // An agency is changed within its own scope; a new one wherever the administrator has the role.
  const gate = useMayEdit('directory.agency.manage', creating ? null : { agencyId: id });
  if (gate.pending) return <Loading />;
  if (creating)
    return gate.may ? <AgencyForm key="new" original={null} /> : <NotOffered title={t('agencies.new')} owner={{}} />;
  if (agency.isPending) return <Loading />;
  if (agency.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={agency.error} onRetry={() => void agency.refetch()} />
        <Link to="/admin/agencies">← {t('agencies.backToList')}</Link>
      </div>
    );
  if (!gate.may) return <NotOffered title={agency.data.name} owner={{ agencyId: agency.data.id }} />;
  return <AgencyForm key={agency.data.id} original={agency.data} />;
}

function NotOffered({ title, owner }: { title: string; owner: Owner }) {
  const t = useT();
  usePageTitle(title);
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/agencies">← {t('agencies.backToList')}</Link>
      </p>
      <h1>{title}</h1>
      <OutOfScope owner={owner} />
    </div>
  );
}

function AgencyForm({ original }: { original: Agency | null }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [form, setForm] = useState<FormState>(() => toForm(original));
  const title = original ? t('agencies.editTitle', { name: original.name }) : t('agencies.createTitle');
  usePageTitle(title);

  const parents = useQuery({
    queryKey: keys.agencies({ limit: 100 }),
    queryFn: ({ signal }) => api<Page<Agency>>('/api/directory/agencies', { query: { limit: 100 }, signal }),
    staleTime: 60_000,
  });
  const roots = useQuery({
    queryKey: keys.units(null),
    queryFn: ({ signal }) => api<Page<Unit>>('/api/directory/units', { signal }),
    staleTime: 5 * 60_000,
  });
  const children = useQueries({
    queries: (roots.data?.items ?? []).map((r) => ({
      queryKey: keys.units(r.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Page<Unit>>('/api/directory/units', { query: { parentId: r.id }, signal }),
      staleTime: 5 * 60_000,
    })),
  });

  const save = useMutation({
    mutationFn: (body: AgencyBody) =>
      original
        ? api<Agency>(`/api/directory/agencies/${encodeURIComponent(original.id)}`, { method: 'PATCH', body })
        : api<Agency>('/api/directory/agencies', { method: 'POST', body }),
    onSuccess: (saved) => {
      qc.setQueryData(keys.agency(saved.id), saved);
      void qc.invalidateQueries({ queryKey: keys.allAgencies, predicate: (q) => q.queryKey[2] === 'list' });
      if (original) {
        setForm(toForm(saved));
        toast.success(t('agencies.saved'));
      } else {
        toast.success(t('agencies.created', { name: saved.name }));
        navigate(`/admin/agencies/${saved.id}`, { replace: true });
      }
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body = buildBody(form, original);
    if (original && Object.keys(body).length === 0) {
      toast.show(t('agencies.nothingChanged'), 'info');
      return;
    }
    save.mutate(body);
  };

  const set = (k: keyof FormState) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = save.error;
  const fieldError = (name: string) => (isApiError(err) ? pick(err.fieldMessage(name), lang) : '') || undefined;

  const parentOptions = (parents.data?.items ?? [])
    .filter((a) => a.id !== original?.id)
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  if (form.parentId && !parentOptions.some((a) => a.id === form.parentId))
    parentOptions.unshift({ id: form.parentId, name: form.parentId } as Agency);
  const unitOptions: { id: string; label: string }[] = [];
  (roots.data?.items ?? []).forEach((r, i) => {
    unitOptions.push({ id: r.id, label: `${pick(r.name, lang)} (${r.code})` });
    for (const c of children[i]?.data?.items ?? [])
      unitOptions.push({ id: c.id, label: `— ${pick(c.name, lang)} (${c.code})` });
  });
  if (form.unitId && !unitOptions.some((u) => u.id === form.unitId))
    unitOptions.unshift({ id: form.unitId, label: form.unitId });
  const levelOptions = [...AGENCY_LEVELS.map((l) => ({ value: l.value, label: t(l.label) }))];
  if (form.level && !levelOptions.some((l) => l.value === form.level))
    levelOptions.unshift({ value: form.level, label: form.level });

  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/agencies">← {t('agencies.backToList')}</Link>
      </p>
      <h1>{title}</h1>
      <form className="form card" onSubmit={onSubmit} data-testid="agency-form">
        <Field id="agency-code" label={t('agencies.code')} hint={t('agencies.codeHint')} error={fieldError('code')}>
          <input
            id="agency-code"
            data-testid="agency-code"
            required
            maxLength={100}
            spellCheck={false}
            value={form.code}
            onChange={set('code')}
          />
        </Field>
        <Field id="agency-name" label={t('agencies.name')} error={fieldError('name')}>
          <input
            id="agency-name"
            data-testid="agency-name"
            required
            maxLength={300}
            value={form.name}
            onChange={set('name')}
          />
        </Field>
        <Field id="agency-shortName" label={t('agencies.shortName')} error={fieldError('shortName')}>
          <input
            id="agency-shortName"
            data-testid="agency-shortName"
            maxLength={100}
            value={form.shortName}
            onChange={set('shortName')}
          />
        </Field>
        <Field id="agency-level" label={t('agencies.level')} error={fieldError('level')}>
          <select id="agency-level" data-testid="agency-level" value={form.level} onChange={set('level')}>
            <option value="">{t('agencies.noUnit')}</option>
            {levelOptions.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="agency-parent" label={t('agencies.parent')} error={fieldError('parentId')}>
          <select id="agency-parent" data-testid="agency-parent" value={form.parentId} onChange={set('parentId')}>
            <option value="">{t('agencies.noParent')}</option>
            {parentOptions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.code ? ` (${a.code})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field id="agency-unit" label={t('agencies.unit')} error={fieldError('unitId')}>
          <select id="agency-unit" data-testid="agency-unit" value={form.unitId} onChange={set('unitId')}>
            <option value="">{t('agencies.noUnit')}</option>
            {unitOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </Field>
        {save.isError && <ErrorNotice error={save.error} compact />}
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="agency-save" disabled={save.isPending}>
            {save.isPending ? t('app.saving') : t('app.save')}
          </button>
          <Link to="/admin/agencies" className="button button--ghost">
            {t('app.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
