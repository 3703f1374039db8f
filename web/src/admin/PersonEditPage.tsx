import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Agency, type Person } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import type { Owner } from '../auth/coverage.js';
import { OutOfScope, useMayEdit } from './scope.js';
import { useToast } from '../components/Toast.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { Field, fieldErrorOf } from './Field.js';
import { GrantsPanel } from './GrantsPanel.js';
import { AgencyPicker, agencyPicked, type Picked } from './pickers.js';

export default function PersonEditPage() {
  const { id } = useParams();
  const creating = id === 'new' || !id;
  const t = useT();
  const person = useQuery({
    queryKey: keys.person(id ?? ''),
    queryFn: ({ signal }) => api<Person>(`/api/directory/people/${encodeURIComponent(id!)}`, { signal }),
    enabled: !creating,
  });
  const agencyId = person.data?.agencyId ?? null;
  const agency = useQuery({
    queryKey: keys.agency(agencyId ?? ''),
    queryFn: ({ signal }) => api<Agency>(`/api/directory/agencies/${encodeURIComponent(agencyId!)}`, { signal }),
    enabled: !!agencyId,
    staleTime: 60_000,
  });
  // A person is managed within his agency's scope (the province's for someone of no agency).
  const gate = useMayEdit('directory.person.manage', creating || !person.data ? null : { agencyId });
  if (gate.pending) return <Loading />;
  if (creating)
    return gate.may ? (
      <PersonForm key="new" original={null} agency={null} />
    ) : (
      <NotOffered title={t('people.new')} owner={{}} />
    );
  if (person.isPending || (agencyId && agency.isPending)) return <Loading />;
  if (person.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={person.error} onRetry={() => void person.refetch()} />
        <Link to="/admin/people">← {t('people.backToList')}</Link>
      </div>
    );
  if (!gate.may) return <NotOffered title={person.data.displayName} owner={{ agencyId }} />;
  return (
    <PersonForm
      key={`${person.data.id}-${agencyId ?? ''}`}
      original={person.data}
      agency={agency.data ? agencyPicked(agency.data) : agencyId ? { id: agencyId, code: '', name: agencyId } : null}
    />
  );
}

function NotOffered({ title, owner }: { title: string; owner: Owner }) {
  const t = useT();
  usePageTitle(title);
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/people">← {t('people.backToList')}</Link>
      </p>
      <h1>{title}</h1>
      <OutOfScope owner={owner} />
    </div>
  );
}

interface FormState {
  username: string;
  displayName: string;
  password: string;
  email: string;
  phone: string;
  position: string;
  active: boolean;
}

const toForm = (p: Person | null): FormState => ({
  username: p?.username ?? '',
  displayName: p?.displayName ?? '',
  password: '',
  email: p?.email ?? '',
  phone: p?.phone ?? '',
  position: p?.position ?? '',
  active: !p?.disabled,
});

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function PersonForm({ original, agency: initialAgency }: { original: Person | null; agency: Picked | null }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [form, setForm] = useState<FormState>(() => toForm(original));
  const [agency, setAgency] = useState<Picked | null>(initialAgency);
  const title = original ? t('people.editTitle', { name: original.displayName }) : t('people.createTitle');
  usePageTitle(title);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      original
        ? api<Person>(`/api/directory/people/${encodeURIComponent(original.id)}`, { method: 'PATCH', body })
        : api<Person>('/api/directory/people', { method: 'POST', body }),
    onSuccess: (saved) => {
      qc.setQueryData(keys.person(saved.id), saved);
      void qc.invalidateQueries({ queryKey: keys.allPeople, predicate: (q) => q.queryKey[2] === 'list' });
      if (original) {
        setForm(toForm(saved));
        toast.success(t('people.saved'));
      } else {
        toast.success(t('people.created', { name: saved.displayName }));
        navigate(`/admin/people/${saved.id}`, { replace: true });
      }
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!original) {
      save.mutate({
        username: form.username.trim(),
        displayName: form.displayName.trim(),
        password: form.password,
        ...(orNull(form.email) ? { email: orNull(form.email) } : {}),
        ...(orNull(form.phone) ? { phone: orNull(form.phone) } : {}),
        ...(orNull(form.position) ? { position: orNull(form.position) } : {}),
        ...(agency ? { agencyId: agency.id } : {}),
      });
      return;
    }
    // A PATCH sends only what changed.
    const before = toForm(original);
    const body: Record<string, unknown> = {};
    if (form.displayName.trim() !== before.displayName) body.displayName = form.displayName.trim();
    for (const k of ['email', 'phone', 'position'] as const)
      if (form[k].trim() !== before[k].trim()) body[k] = orNull(form[k]);
    if ((agency?.id ?? null) !== (original.agencyId ?? null)) body.agencyId = agency?.id ?? null;
    if (form.active !== before.active) body.disabled = !form.active;
    if (Object.keys(body).length === 0) {
      toast.show(t('agencies.nothingChanged'), 'info');
      return;
    }
    save.mutate(body);
  };

  const set = (k: keyof FormState) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = (p: string) => fieldErrorOf(save.error, p, lang);

  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/people">← {t('people.backToList')}</Link>
      </p>
      <h1>{title}</h1>
      <form className="form card" onSubmit={onSubmit} data-testid="person-form">
        <Field
          id="person-username"
          label={t('people.username')}
          hint={original ? t('people.usernameFixed') : t('people.usernameHint')}
          error={err('username')}
        >
          <input
            id="person-username"
            data-testid="person-username"
            required
            readOnly={!!original}
            autoComplete="off"
            spellCheck={false}
            pattern="[A-Za-z0-9][A-Za-z0-9._\-]{2,49}"
            maxLength={50}
            value={form.username}
            onChange={set('username')}
          />
        </Field>
        <Field id="person-displayName" label={t('people.name')} error={err('displayName')}>
          <input
            id="person-displayName"
            data-testid="person-displayName"
            required
            maxLength={200}
            autoComplete="off"
            value={form.displayName}
            onChange={set('displayName')}
          />
        </Field>
        {!original && (
          <Field
            id="person-password"
            label={t('people.password')}
            hint={t('people.passwordHint')}
            error={err('password')}
          >
            <input
              id="person-password"
              data-testid="person-password"
              type="password"
              required
              autoComplete="new-password"
              maxLength={200}
              value={form.password}
              onChange={set('password')}
            />
          </Field>
        )}
        <div className="form__row">
          <Field id="person-email" label={t('people.email')} error={err('email')}>
            <input
              id="person-email"
              data-testid="person-email"
              type="email"
              maxLength={200}
              autoComplete="off"
              value={form.email}
              onChange={set('email')}
            />
          </Field>
          <Field id="person-phone" label={t('people.phone')} error={err('phone')}>
            <input
              id="person-phone"
              data-testid="person-phone"
              type="tel"
              maxLength={20}
              autoComplete="off"
              value={form.phone}
              onChange={set('phone')}
            />
          </Field>
        </div>
        <AgencyPicker
          id="person-agency"
          testId="person-agency"
          label={t('people.agency')}
          emptyLabel={t('agencies.noUnit')}
          value={agency}
          onChange={setAgency}
          error={err('agencyId')}
        />
        <Field id="person-position" label={t('people.position')} error={err('position')}>
          <input
            id="person-position"
            data-testid="person-position"
            maxLength={200}
            value={form.position}
            onChange={set('position')}
          />
        </Field>
        {original && (
          <label className="checkbox checkbox--strong">
            <input
              type="checkbox"
              data-testid="person-active"
              checked={form.active}
              onChange={(e) => setForm((f) => ({ ...f, active: e.target.checked }))}
            />
            {t('people.active')}
          </label>
        )}
        {save.isError && <ErrorNotice error={save.error} compact />}
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="person-save" disabled={save.isPending}>
            {save.isPending ? t('app.saving') : t('app.save')}
          </button>
          <Link to="/admin/people" className="button button--ghost">
            {t('app.cancel')}
          </Link>
        </div>
      </form>
      {original ? <GrantsPanel person={original} /> : <p className="muted small">{t('people.grantsAfterCreate')}</p>}
    </div>
  );
}
