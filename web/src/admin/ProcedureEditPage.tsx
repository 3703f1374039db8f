import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import { keys as directoryKeys, type Agency, type Page } from '../api/directory.js';
import {
  procedureKeys,
  STEP_ROLES,
  type ProcedureDetail,
  type StepRole,
  type WorkflowStep,
} from '../api/procedures.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { OutOfScope, useMayEdit } from './scope.js';
import { useToast } from '../components/Toast.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { Field, fieldErrorOf } from './Field.js';
import { BasicsForm } from './procedure/BasicsForm.js';
import { FeesEditor } from './procedure/FeesEditor.js';
import { FormFieldsEditor } from './procedure/FormFieldsEditor.js';
import { PapersEditor } from './procedure/PapersEditor.js';
import type { FullProcedure } from './procedure/types.js';

export default function ProcedureEditPage() {
  const { id = '' } = useParams();
  const t = useT();
  const p = useQuery({
    queryKey: procedureKeys.one(id),
    queryFn: ({ signal }) => api<FullProcedure>(`/api/procedures/${encodeURIComponent(id)}`, { signal }),
  });
  usePageTitle(p.data ? t('procedures.admin.editTitle', { code: p.data.code }) : t('procedures.admin.title'));
  // A procedure is the competent agency's to change; one of no agency (a commune's, the province's) the province's.
  const gate = useMayEdit('procedures.manage', p.data ? { agencyId: p.data.agencyId } : null);
  if (p.isPending || gate.pending) return <Loading />;
  if (p.isError)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={p.error} onRetry={() => void p.refetch()} />
        <Link to="/admin/procedures">← {t('procedures.admin.back')}</Link>
      </div>
    );
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/procedures">← {t('procedures.admin.back')}</Link>
      </p>
      <h1>
        <code>{p.data.code}</code> {p.data.name}
      </h1>
      {gate.may ? (
        <>
          <BasicsForm key={`basics-${p.data.updatedAt}`} procedure={p.data} />
          <PapersEditor key={`papers-${p.data.updatedAt}`} procedure={p.data} />
          <FeesEditor key={`fees-${p.data.updatedAt}`} procedure={p.data} />
          <FormFieldsEditor key={`form-${p.data.updatedAt}`} procedure={p.data} />
          <WorkflowEditor key={`wf-${p.data.updatedAt}`} procedure={p.data} />
        </>
      ) : (
        <>
          <OutOfScope owner={{ agencyId: p.data.agencyId }} />
          <p>
            <Link to={`/procedures/${encodeURIComponent(p.data.code)}`}>{t('admin.publicProcedure')}</Link>
          </p>
        </>
      )}
    </div>
  );
}

const blankStep = (): WorkflowStep => ({
  name: '',
  nameEn: '',
  role: 'specialist',
  agencyMode: 'dossier',
  agencyId: null,
  sharePercent: 0,
});

/** Ordered steps, each with its role, agency and share of the processing time; the shares must sum to 100. */
function WorkflowEditor({ procedure }: { procedure: ProcedureDetail }) {
  const t = useT();
  const { lang } = useLang();
  const qc = useQueryClient();
  const toast = useToast();
  const [steps, setSteps] = useState<WorkflowStep[]>(() => procedure.workflow.map((s) => ({ ...s })));
  const agencies = useQuery({
    queryKey: directoryKeys.agencies({ limit: 200 }),
    queryFn: ({ signal }) => api<Page<Agency>>('/api/directory/agencies', { query: { limit: 200 }, signal }),
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: () =>
      api<{ steps: WorkflowStep[] }>(`/api/procedures/${procedure.id}/workflow`, {
        method: 'PUT',
        body: {
          steps: steps.map((s) => ({
            name: s.name,
            nameEn: s.nameEn,
            role: s.role,
            agencyMode: s.agencyMode,
            agencyId: s.agencyMode === 'fixed' ? s.agencyId : null,
            sharePercent: s.sharePercent,
          })),
        },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: procedureKeys.all });
      toast.success(t('procedures.workflow.saved'));
    },
  });
  const sum = steps.reduce((a, s) => a + (Number.isFinite(s.sharePercent) ? s.sharePercent : 0), 0);
  const update = (i: number, patch: Partial<WorkflowStep>) =>
    setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    setSteps(next);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="workflow-heading" data-testid="workflow-editor">
      <h2 id="workflow-heading">{t('procedures.workflow')}</h2>
      {save.isError && <ErrorNotice error={save.error} />}
      <ol className="steps">
        {steps.map((s, i) => (
          <li key={i} className="step" data-testid={`workflow-step-${i}`}>
            <div className="filters">
              <Field
                id={`step-${i}-name`}
                label={t('procedures.workflow.name')}
                error={fieldErrorOf(save.error, `steps/${i}/name`, lang)}
              >
                <input
                  id={`step-${i}-name`}
                  value={s.name}
                  onChange={(e) => update(i, { name: e.target.value })}
                  required
                />
              </Field>
              <Field id={`step-${i}-nameEn`} label={t('procedures.workflow.nameEn')}>
                <input
                  id={`step-${i}-nameEn`}
                  value={s.nameEn}
                  onChange={(e) => update(i, { nameEn: e.target.value })}
                  required
                />
              </Field>
              <Field id={`step-${i}-role`} label={t('procedures.workflow.role')}>
                <select
                  id={`step-${i}-role`}
                  value={s.role}
                  onChange={(e) => update(i, { role: e.target.value as StepRole })}
                >
                  {STEP_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                id={`step-${i}-agency`}
                label={t('procedures.workflow.agency')}
                error={fieldErrorOf(save.error, `steps/${i}/agencyId`, lang)}
              >
                <select
                  id={`step-${i}-agency`}
                  value={s.agencyMode === 'fixed' ? (s.agencyId ?? '') : ''}
                  onChange={(e) =>
                    update(
                      i,
                      e.target.value
                        ? { agencyMode: 'fixed', agencyId: e.target.value }
                        : { agencyMode: 'dossier', agencyId: null },
                    )
                  }
                >
                  <option value="">{t('procedures.dossierAgency')}</option>
                  {(agencies.data?.items ?? []).map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.shortName ?? a.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`step-${i}-share`} label={t('procedures.workflow.share')}>
                <input
                  id={`step-${i}-share`}
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  value={s.sharePercent}
                  onChange={(e) => update(i, { sharePercent: Math.round(Number(e.target.value)) })}
                />
              </Field>
            </div>
            <div className="actions">
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={t('procedures.workflow.up', { n: i + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === steps.length - 1}
                onClick={() => move(i, 1)}
                aria-label={t('procedures.workflow.down', { n: i + 1 })}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => setSteps(steps.filter((_, j) => j !== i))}
              >
                {t('procedures.workflow.remove', { n: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <p className={sum === 100 ? 'muted' : 'field__error'} role="status" data-testid="workflow-sum">
        {t('procedures.workflow.sum', { sum })}
      </p>
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={() => setSteps([...steps, blankStep()])}>
          + {t('procedures.workflow.add')}
        </button>
        <button
          type="submit"
          className="button button--primary"
          data-testid="workflow-save"
          disabled={save.isPending || sum !== 100 || steps.length === 0}
        >
          {save.isPending ? t('app.saving') : t('procedures.workflow.save')}
        </button>
      </div>
    </form>
  );
}
