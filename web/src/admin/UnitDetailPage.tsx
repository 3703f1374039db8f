import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Unit, type UnitDetail } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../components/format.js';
import { Loading } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { fieldErrorOf } from './Field.js';
import { OutOfScope, useMayEdit } from './scope.js';
import { UnitChangeFields, UnitIdentityFields } from './UnitFields.js';
import { UnitPicker, type Picked } from './pickers.js';
import { UnitHistory } from './unitHistory.js';
import { todayVn, UNIT_TYPES, unitLevelLabel, unitStatusLabel, unitTypeLabel } from './unitLabels.js';

export default function UnitDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const unit = useQuery({
    queryKey: keys.unit(id),
    queryFn: ({ signal }) => api<UnitDetail>(`/api/directory/units/${encodeURIComponent(id)}`, { signal }),
  });
  if (unit.isPending) return <Loading />;
  if (unit.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={unit.error} onRetry={() => void unit.refetch()} />
        <Link to="/admin/units">← {t('units.backToList')}</Link>
      </div>
    );
  // Only a full detail (with history) is shown; a bare unit from another page's cache is refetched.
  if (!('history' in unit.data)) return <Loading />;
  return <UnitView key={unit.data.id} unit={unit.data} />;
}

function UnitView({ unit }: { unit: UnitDetail }) {
  const t = useT();
  const { lang } = useLang();
  const name = pick(unit.name, lang);
  usePageTitle(name);
  const inForce = !unit.validTo;
  const level = Number(unit.level);
  // A unit's record is changed in its parent's scope (the province's for a province); a child is added in its own.
  const change = useMayEdit('directory.unit.manage', { unitId: unit.parentId });
  const addChild = useMayEdit('directory.unit.manage', { unitId: unit.id });
  return (
    <div className="page">
      <p>
        <Link to="/admin/units">← {t('units.backToList')}</Link>
      </p>
      {unit.path.length > 0 && (
        <nav aria-label={t('units.path')} className="crumbs">
          <ol>
            {unit.path.map((p) => (
              <li key={p.id}>
                <Link to={`/admin/units/${p.id}`}>{p.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="page__head">
        <h1 data-testid="unit-title">
          {name} {unit.demo && <span className="badge badge--demo">{t('app.demo')}</span>}
        </h1>
        <span className="buttons">
          {inForce && level < 3 && addChild.may && (
            <Link className="button" to={`/admin/units/new?parentId=${unit.id}`} data-testid="unit-add-child">
              + {t('units.addChild')}
            </Link>
          )}
          {inForce && level > 1 && change.may && (
            <Link className="button" to={`/admin/units/merge?source=${unit.id}`} data-testid="unit-merge-this">
              {t('units.mergeThis')}
            </Link>
          )}
        </span>
      </div>
      <div className="grid grid--two">
        <section className="card" aria-labelledby="unit-info">
          <h2 id="unit-info">{t('units.info')}</h2>
          <dl className="details">
            <dt>{t('units.code')}</dt>
            <dd>
              <code data-testid="unit-code-value">{unit.code}</code>
            </dd>
            <dt>{t('units.type')}</dt>
            <dd>{unitTypeLabel(unit.type, t)}</dd>
            <dt>{t('units.levelLabel')}</dt>
            <dd>{unitLevelLabel(unit.level, t)}</dd>
            <dt>{t('units.statusLabel')}</dt>
            <dd data-testid="unit-status">{unitStatusLabel(unit.status, t)}</dd>
            <dt>{t('units.validity')}</dt>
            <dd>
              {formatDay(unit.validFrom, lang)} – {unit.validTo ? formatDay(unit.validTo, lang) : t('units.open')}
            </dd>
            {unit.successorId && (
              <>
                <dt>{t('units.successor')}</dt>
                <dd>
                  <Link to={`/admin/units/${unit.successorId}`} data-testid="unit-successor">
                    {t('units.openSuccessor')}
                  </Link>
                </dd>
              </>
            )}
          </dl>
          <h2>{t('units.history')}</h2>
          <UnitHistory events={unit.history} code={unit.code} unitId={unit.id} />
        </section>
        {inForce ? (
          <section className="card" aria-labelledby="unit-change">
            <h2 id="unit-change">{t('units.change')}</h2>
            {change.pending ? (
              <Loading />
            ) : change.may ? (
              <UnitChangeForm unit={unit} />
            ) : (
              <OutOfScope owner={{ unitId: unit.parentId }} />
            )}
          </section>
        ) : (
          <section className="card">
            <p className="notice notice--info">{t('units.endedNote')}</p>
          </section>
        )}
      </div>
    </div>
  );
}

type Mode = 'change' | 'correct';

/** A rename, new type, code or parent by a decision (a new version, history kept), or a correction of a typo in place. */
function UnitChangeForm({ unit }: { unit: UnitDetail }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const level = Number(unit.level);
  const originalParent: Picked | null = unit.path.length ? { ...unit.path[unit.path.length - 1]! } : null;
  const [mode, setMode] = useState<Mode>('change');
  const [f, setF] = useState({
    name: pick(unit.name, 'vi'),
    type: unit.type,
    code: unit.code,
    effective: todayVn(),
    legalBasis: '',
    note: '',
  });
  const [parent, setParent] = useState<Picked | null>(originalParent);
  const set = (k: string, v: string) => setF((x) => ({ ...x, [k]: v }));

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<Unit>(`/api/directory/units/${encodeURIComponent(unit.id)}`, { method: 'PATCH', body }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: keys.allUnits });
      void qc.invalidateQueries({ queryKey: keys.allUnitDetails });
      toast.success(mode === 'change' ? t('units.changed', { name: pick(saved.name, lang) }) : t('units.corrected'));
      if (saved.id !== unit.id) navigate(`/admin/units/${saved.id}`);
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    const name = f.name.trim();
    if (name !== pick(unit.name, 'vi')) body.name = name;
    if (mode === 'change') {
      if (f.type !== unit.type) body.type = f.type;
      if (f.code.trim() !== unit.code) body.code = f.code.trim();
      if ((parent?.id ?? null) !== (originalParent?.id ?? null) && parent) body.parentId = parent.id;
      if (Object.keys(body).length === 0) return toast.show(t('agencies.nothingChanged'), 'info');
      body.effective = f.effective;
      if (f.legalBasis.trim()) body.legalBasis = f.legalBasis.trim();
      if (f.note.trim()) body.note = f.note.trim();
    } else if (Object.keys(body).length === 0) return toast.show(t('agencies.nothingChanged'), 'info');
    save.mutate(body);
  };
  const err = (p: string) => fieldErrorOf(save.error, p, lang);
  const types = UNIT_TYPES.filter((u) => u.level === level);

  return (
    <form className="form" onSubmit={onSubmit} data-testid="unit-form" noValidate={false}>
      <fieldset className="radios">
        <legend>{t('units.changeKind')}</legend>
        <label className="radio">
          <input
            type="radio"
            name="unit-mode"
            value="change"
            checked={mode === 'change'}
            onChange={() => setMode('change')}
            data-testid="unit-mode-change"
          />
          <span>
            {t('units.modeChange')}
            <span className="field__hint">{t('units.modeChangeHint')}</span>
          </span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name="unit-mode"
            value="correct"
            checked={mode === 'correct'}
            onChange={() => setMode('correct')}
            data-testid="unit-mode-correct"
          />
          <span>
            {t('units.modeCorrect')}
            <span className="field__hint">{t('units.modeCorrectHint')}</span>
          </span>
        </label>
      </fieldset>
      <UnitIdentityFields
        idPrefix="unit"
        testPrefix="unit"
        value={f}
        onChange={set}
        types={types}
        nameOnly={mode === 'correct'}
        errors={{ type: err('type'), code: err('code'), name: err('name') }}
      />
      {mode === 'change' && (
        <>
          {level > 1 && (
            <UnitPicker
              id="unit-parent"
              testId="unit-parent"
              label={t('units.parent')}
              value={parent}
              onChange={setParent}
              levels={level === 3 ? [1, 2] : [1]}
              exclude={[unit.id]}
              error={err('parentId')}
            />
          )}
          <UnitChangeFields
            idPrefix="unit"
            testPrefix="unit"
            value={f}
            onChange={set}
            effectiveHint={t('units.effectiveHint')}
            errors={{ effective: err('effective'), legalBasis: err('legalBasis'), note: err('note') }}
          />
        </>
      )}
      {save.isError && <ErrorNotice error={save.error} compact />}
      <div className="form__actions">
        <button type="submit" className="button button--primary" data-testid="unit-save" disabled={save.isPending}>
          {save.isPending ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
