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
import { levelOfType, todayVn, UNIT_TYPES } from './unitLabels.js';

/** New district or commune (provinces are national reference data, added only by the seed). */
export default function UnitCreatePage() {
  const [params] = useSearchParams();
  const parentId = params.get('parentId');
  const parent = useQuery({
    queryKey: keys.unit(parentId ?? ''),
    queryFn: ({ signal }) => api<UnitDetail>(`/api/directory/units/${encodeURIComponent(parentId!)}`, { signal }),
    enabled: !!parentId,
  });
  if (parentId && parent.isPending) return <Loading />;
  return <UnitCreateForm initialParent={parent.data ? unitPicked(parent.data) : null} />;
}

function UnitCreateForm({ initialParent }: { initialParent: Picked | null }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  usePageTitle(t('units.createTitle'));
  const [f, setF] = useState({
    code: '',
    name: '',
    type: 'xa',
    effective: todayVn(),
    legalBasis: '',
    note: '',
    demo: false,
  });
  const [parent, setParent] = useState<Picked | null>(initialParent);
  const set = (k: string, v: string) => setF((x) => ({ ...x, [k]: v }));
  const level = levelOfType(f.type) ?? 3;

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Unit>('/api/directory/units', { method: 'POST', body }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: keys.allUnits });
      toast.success(t('units.created', { name: pick(saved.name, lang) }));
      navigate(`/admin/units/${saved.id}`, { replace: true });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      code: f.code.trim(),
      name: f.name.trim(),
      type: f.type,
      parentId: parent?.id ?? null,
      validFrom: f.effective,
      ...(f.legalBasis.trim() ? { legalBasis: f.legalBasis.trim() } : {}),
      ...(f.note.trim() ? { note: f.note.trim() } : {}),
      ...(f.demo ? { demo: true } : {}),
    });
  };
  const err = (p: string) => fieldErrorOf(create.error, p, lang);

  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/units">← {t('units.backToList')}</Link>
      </p>
      <h1>{t('units.createTitle')}</h1>
      <form className="form card" onSubmit={onSubmit} data-testid="unit-create-form">
        <UnitIdentityFields
          idPrefix="unit"
          testPrefix="unit"
          value={f}
          onChange={set}
          types={UNIT_TYPES.filter((u) => u.level > 1)}
          errors={{ type: err('type'), code: err('code'), name: err('name') }}
        />
        <UnitPicker
          id="unit-parent"
          testId="unit-parent"
          label={t('units.parent')}
          hint={level === 3 ? t('units.parentHintCommune') : undefined}
          value={parent}
          onChange={setParent}
          levels={level === 3 ? [1, 2] : [1]}
          required
          error={err('parentId')}
        />
        <UnitChangeFields
          idPrefix="unit"
          testPrefix="unit"
          value={f}
          onChange={set}
          errors={{ effective: err('validFrom'), legalBasis: err('legalBasis'), note: err('note') }}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={f.demo}
            onChange={(e) => setF((x) => ({ ...x, demo: e.target.checked }))}
            data-testid="unit-demo"
          />
          {t('units.demoFlag')}
        </label>
        {create.isError && <ErrorNotice error={create.error} compact />}
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="unit-save" disabled={create.isPending}>
            {create.isPending ? t('app.saving') : t('app.save')}
          </button>
          <Link to="/admin/units" className="button button--ghost">
            {t('app.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
