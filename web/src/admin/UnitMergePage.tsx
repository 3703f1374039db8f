import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { keys, type Unit, type UnitDetail } from '../api/directory.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { useToast } from '../components/Toast.js';
import { pick, usePageTitle, useLang, useT } from '../i18n/index.js';
import { fieldErrorOf } from './Field.js';
import { UnitChangeFields, UnitIdentityFields } from './UnitFields.js';
import { UnitPicker, unitPicked, type Picked } from './pickers.js';
import { levelOfType, todayVn, UNIT_TYPES, unitTypeLabel } from './unitLabels.js';

/**
 * Merge (sáp nhập) several units into a new one, or into one of them that keeps its code and name:
 * the sources end the day before the effective date and the result takes their place, history kept.
 */
export default function UnitMergePage() {
  const [params] = useSearchParams();
  const sourceId = params.get('source');
  const source = useQuery({
    queryKey: keys.unit(sourceId ?? ''),
    queryFn: ({ signal }) => api<UnitDetail>(`/api/directory/units/${encodeURIComponent(sourceId!)}`, { signal }),
    enabled: !!sourceId,
  });
  if (sourceId && source.isPending) return <Loading />;
  return <MergeForm initial={source.data ? [unitPicked(source.data)] : []} />;
}

type Target = 'new' | 'existing';

function MergeForm({ initial }: { initial: Picked[] }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  usePageTitle(t('units.mergeTitle'));
  const [sources, setSources] = useState<Picked[]>(initial);
  const [candidate, setCandidate] = useState<Picked | null>(null);
  const [target, setTarget] = useState<Target>('new');
  const [existing, setExisting] = useState<Picked | null>(null);
  const [parent, setParent] = useState<Picked | null>(null);
  const firstType = sources[0]?.type ?? 'xa';
  const [f, setF] = useState({ code: '', name: '', type: firstType, effective: todayVn(), legalBasis: '', note: '' });
  const set = (k: string, v: string) => setF((x) => ({ ...x, [k]: v }));
  const level = sources.length ? Number(sources[0]!.level) : (levelOfType(f.type) ?? 3);
  const [localError, setLocalError] = useState('');
  const types = UNIT_TYPES.filter((u) => u.level === level && u.level > 1);
  // The new unit is of the sources' level: a type of another level falls back to the first that fits.
  const typeValue = types.some((u) => u.value === f.type) ? f.type : (types[0]?.value ?? f.type);
  const err = (p: string) => fieldErrorOf(merge.error, p, lang);

  const merge = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<{ unit: Unit; sources: Unit[] }>('/api/directory/units/merge', { method: 'POST', body }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.allUnits });
      void qc.invalidateQueries({ queryKey: keys.allUnitDetails });
      toast.success(t('units.merged', { count: r.sources.length, name: pick(r.unit.name, lang) }));
      navigate(`/admin/units/${r.unit.id}`, { replace: true });
    },
  });

  const add = () => {
    if (candidate && !sources.some((s) => s.id === candidate.id)) setSources((xs) => [...xs, candidate]);
    setCandidate(null);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setLocalError('');
    const ids = sources.map((s) => s.id);
    if (target === 'existing') {
      if (!existing) return setLocalError(t('units.mergeNeedTarget'));
      // Merging into an existing unit: it is closed with the others and its next version carries on its code and name.
      const all = ids.includes(existing.id) ? ids : [existing.id, ...ids];
      if (all.length < 2) return setLocalError(t('units.mergeNeedSources'));
      merge.mutate({
        sourceIds: all,
        into: {
          code: existing.code,
          name: pick(existing.name, 'vi'),
          type: existing.type ?? typeValue,
          ...(parent ? { parentId: parent.id } : {}),
        },
        effective: f.effective,
        legalBasis: f.legalBasis.trim(),
        ...(f.note.trim() ? { note: f.note.trim() } : {}),
      });
      return;
    }
    if (ids.length < 1) return setLocalError(t('units.mergeNeedSources'));
    merge.mutate({
      sourceIds: ids,
      into: { code: f.code.trim(), name: f.name.trim(), type: typeValue, ...(parent ? { parentId: parent.id } : {}) },
      effective: f.effective,
      legalBasis: f.legalBasis.trim(),
      ...(f.note.trim() ? { note: f.note.trim() } : {}),
    });
  };

  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/units">← {t('units.backToList')}</Link>
      </p>
      <h1>{t('units.mergeTitle')}</h1>
      <p className="muted">{t('units.mergeIntro')}</p>
      <form className="form card" onSubmit={onSubmit} data-testid="unit-merge-form">
        <fieldset className="fieldset">
          <legend>{t('units.mergeSources')}</legend>
          {sources.length === 0 ? (
            <p className="muted small">{t('units.mergeNoSources')}</p>
          ) : (
            <ul className="list" data-testid="unit-merge-sources">
              {sources.map((s, i) => (
                <li key={s.id} className="list__item list__item--row" data-testid={`unit-merge-source-${s.code}`}>
                  <span className="list__main">
                    <span className="list__title">
                      {pick(s.name, lang)} <code className="muted">{s.code}</code>
                    </span>
                    {s.type && <span className="muted small">{unitTypeLabel(s.type, t)}</span>}
                    {err(`sourceIds/${i}`) && (
                      <span className="field__error" role="alert">
                        {err(`sourceIds/${i}`)}
                      </span>
                    )}
                  </span>
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    aria-label={t('units.mergeRemove', { name: pick(s.name, lang) })}
                    onClick={() => setSources((xs) => xs.filter((x) => x.id !== s.id))}
                  >
                    {t('units.mergeRemoveShort')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="form__inlinepick">
            <UnitPicker
              id="unit-merge-candidate"
              testId="unit-merge-candidate"
              label={t('units.mergeAddLabel')}
              value={candidate}
              onChange={setCandidate}
              levels={sources.length ? [level] : [3, 2]}
              exclude={sources.map((s) => s.id)}
              error={err('sourceIds')}
            />
            <button type="button" className="button" onClick={add} disabled={!candidate} data-testid="unit-merge-add">
              + {t('app.add')}
            </button>
          </div>
        </fieldset>

        <fieldset className="radios">
          <legend>{t('units.mergeTarget')}</legend>
          <label className="radio">
            <input
              type="radio"
              name="merge-target"
              checked={target === 'new'}
              onChange={() => setTarget('new')}
              data-testid="unit-merge-target-new"
            />
            <span>{t('units.mergeTargetNew')}</span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name="merge-target"
              checked={target === 'existing'}
              onChange={() => setTarget('existing')}
              data-testid="unit-merge-target-existing"
            />
            <span>
              {t('units.mergeTargetExisting')}
              <span className="field__hint">{t('units.mergeTargetExistingHint')}</span>
            </span>
          </label>
        </fieldset>

        {target === 'existing' ? (
          <UnitPicker
            id="unit-merge-into"
            testId="unit-merge-into"
            label={t('units.mergeInto')}
            value={existing}
            onChange={setExisting}
            levels={sources.length ? [level] : [3, 2]}
            required
            error={err('into')}
          />
        ) : (
          <>
            <UnitIdentityFields
              idPrefix="merge"
              testPrefix="unit-merge"
              value={{ ...f, type: typeValue }}
              onChange={set}
              types={types.length ? types : UNIT_TYPES.filter((u) => u.level > 1)}
              errors={{ type: err('into/type'), code: err('into/code'), name: err('into/name') }}
            />
          </>
        )}
        {level > 1 && (
          <UnitPicker
            id="merge-parent"
            testId="unit-merge-parent"
            label={t('units.parent')}
            hint={t('units.mergeParentHint')}
            emptyLabel={t('units.mergeParentSame')}
            value={parent}
            onChange={setParent}
            levels={level === 3 ? [1, 2] : [1]}
            asOf={f.effective}
            error={err('into/parentId')}
          />
        )}
        <UnitChangeFields
          idPrefix="merge"
          testPrefix="unit-merge"
          value={f}
          onChange={set}
          legalBasisRequired
          errors={{ effective: err('effective'), legalBasis: err('legalBasis'), note: err('note') }}
        />
        {localError && (
          <p className="notice notice--error notice--compact" role="alert">
            {localError}
          </p>
        )}
        {merge.isError && <ErrorNotice error={merge.error} compact />}
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="unit-merge" disabled={merge.isPending}>
            {merge.isPending ? t('app.saving') : t('units.mergeSubmit')}
          </button>
          <Link to="/admin/units" className="button button--ghost">
            {t('app.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
