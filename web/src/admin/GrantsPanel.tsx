import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { keys, type Person, type PersonGrant } from '../api/directory.js';
import { ROLES, type Role } from '../auth/roles.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { GrantLabel } from '../components/GrantLabel.js';
import { useToast } from '../components/Toast.js';
import { useLang, useT, type MessageKey } from '../i18n/index.js';
import { fieldErrorOf } from './Field.js';
import { AgencyPicker, UnitPicker, type Picked } from './pickers.js';

/** Roles an administrator grants here; `system` belongs to API tokens of other systems, not to people. */
const GRANTABLE: Role[] = ROLES.filter((r) => r !== 'system');
const roleMeaning = (r: Role) => `roleInfo.${r}` as MessageKey;

function useRefreshPerson() {
  const qc = useQueryClient();
  return (p?: Person) => {
    if (p) qc.setQueryData(keys.person(p.id), p);
    void qc.invalidateQueries({ queryKey: keys.allPeople });
  };
}

/** A person's role grants: what each means, revoke one, add one for an agency or an administrative unit. */
export function GrantsPanel({ person }: { person: Person }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="grants-heading" data-testid="grants-panel">
      <h2 id="grants-heading">{t('grants.title')}</h2>
      {person.grants.length === 0 ? (
        <p className="empty">{t('people.noGrants')}</p>
      ) : (
        <ul className="list" data-testid="grant-list">
          {person.grants.map((g) => (
            <GrantRow key={g.id} person={person} grant={g} />
          ))}
        </ul>
      )}
      <AddGrantForm person={person} />
      <details className="roleinfo">
        <summary>{t('grants.meanings')}</summary>
        <dl className="details">
          {ROLES.map((r) => (
            <div key={r} className="details__pair">
              <dt>{t(`role.${r}` as MessageKey)}</dt>
              <dd>{t(roleMeaning(r))}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}

function GrantRow({ person, grant }: { person: Person; grant: PersonGrant }) {
  const t = useT();
  const toast = useToast();
  const refresh = useRefreshPerson();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () =>
      api<void>(`/api/directory/people/${encodeURIComponent(person.id)}/grants/${encodeURIComponent(grant.id)}`, {
        method: 'DELETE',
      }),
    onSuccess: () => {
      qc.setQueryData<Person>(keys.person(person.id), (p) =>
        p ? { ...p, grants: p.grants.filter((g) => g.id !== grant.id) } : p,
      );
      refresh();
      toast.success(t('grants.revoked'));
    },
  });
  return (
    <li className="list__item list__item--row" data-testid={`grant-${grant.id}`}>
      <div className="list__main">
        <span className="list__title">
          <GrantLabel grant={grant} />
        </span>
        <span className="muted small">{t(roleMeaning(grant.role))}</span>
        {revoke.isError && <ErrorNotice error={revoke.error} compact />}
      </div>
      {confirming ? (
        <span className="buttons">
          <button
            type="button"
            className="button button--small button--danger"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate()}
            data-testid={`grant-revoke-confirm-${grant.id}`}
          >
            {t('grants.confirmRevoke')}
          </button>
          <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => setConfirming(true)}
          data-testid={`grant-revoke-${grant.id}`}
          aria-label={`${t('grants.revoke')}: ${t(`role.${grant.role}` as MessageKey)}`}
        >
          {t('grants.revoke')}
        </button>
      )}
    </li>
  );
}

type ScopeKind = 'agency' | 'unit';

function AddGrantForm({ person }: { person: Person }) {
  const t = useT();
  const { lang } = useLang();
  const toast = useToast();
  const refresh = useRefreshPerson();
  const [role, setRole] = useState<Role>('specialist');
  const [kind, setKind] = useState<ScopeKind>('agency');
  const [scope, setScope] = useState<Picked | null>(null);
  const citizen = role === 'citizen';
  const add = useMutation({
    mutationFn: () =>
      api<Person>(`/api/directory/people/${encodeURIComponent(person.id)}/grants`, {
        method: 'POST',
        body: citizen
          ? { role, scopeKind: 'none', scopeId: null }
          : { role, scopeKind: kind, scopeId: scope?.id ?? null },
      }),
    onSuccess: (p) => {
      refresh(p);
      setScope(null);
      toast.success(t('grants.added'));
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const scopeError = fieldErrorOf(add.error, 'scopeId', lang) ?? fieldErrorOf(add.error, 'scopeKind', lang);
  return (
    <form className="form form--boxed" onSubmit={onSubmit} data-testid="grant-form">
      <h3>{t('grants.add')}</h3>
      <div className="form__row">
        <div className="field">
          <label htmlFor="grant-role">{t('grants.role')}</label>
          <select
            id="grant-role"
            data-testid="grant-role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            aria-describedby="grant-role-hint"
          >
            {GRANTABLE.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
          <span className="field__hint" id="grant-role-hint">
            {t(roleMeaning(role))}
          </span>
        </div>
        {!citizen && (
          <div className="field">
            <label htmlFor="grant-scope-kind">{t('grants.scopeKind')}</label>
            <select
              id="grant-scope-kind"
              data-testid="grant-scope-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as ScopeKind);
                setScope(null);
              }}
            >
              <option value="agency">{t('grants.scopeAgency')}</option>
              <option value="unit">{t('grants.scopeUnit')}</option>
            </select>
          </div>
        )}
      </div>
      {!citizen &&
        (kind === 'agency' ? (
          <AgencyPicker
            id="grant-scope"
            testId="grant-scope"
            label={t('grants.scope')}
            hint={t('grants.scopeAgencyHint')}
            value={scope}
            onChange={setScope}
            required
            error={scopeError}
          />
        ) : (
          <UnitPicker
            id="grant-scope"
            testId="grant-scope"
            label={t('grants.scope')}
            hint={t('grants.scopeUnitHint')}
            value={scope}
            onChange={setScope}
            required
            error={scopeError}
          />
        ))}
      {add.isError && <ErrorNotice error={add.error} compact />}
      <div className="form__actions">
        <button type="submit" className="button button--primary" data-testid="grant-add" disabled={add.isPending}>
          {add.isPending ? t('app.saving') : t('grants.addSubmit')}
        </button>
      </div>
    </form>
  );
}
