import { useState, type FormEvent } from 'react';
import { uploadFile } from '../../api/dossiers.js';
import { useSession } from '../../auth/session.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT } from '../../i18n/index.js';
import { Field, fieldErrorOf } from '../Field.js';
import {
  moved,
  NATIONAL_SOURCES,
  nullIfBlank,
  PROVISIONS,
  useSaveProcedure,
  type FullProcedure,
  type Paper,
} from './types.js';

const blank = (): Paper => ({
  name: '',
  originals: 1,
  copies: 0,
  mandatory: true,
  templateSha256: null,
  templateName: null,
  note: null,
  provision: 'upload',
  nationalSource: null,
});

/** Thành phần hồ sơ: each paper with its counts, whether it is required, how it is given, and its form template. */
export function PapersEditor({ procedure }: { procedure: FullProcedure }) {
  const t = useT();
  const { lang } = useLang();
  const session = useSession();
  const [papers, setPapers] = useState<Paper[]>(() =>
    procedure.papers.map(({ id: _id, ordinal: _o, ...p }) => ({ ...p })),
  );
  const [uploaded, setUploaded] = useState<Record<number, string>>({});
  const [uploadError, setUploadError] = useState<unknown>(null);
  const save = useSaveProcedure(procedure.id, t('catalog.papers.saved'));
  const update = (i: number, patch: Partial<Paper>) =>
    setPapers(papers.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  const onTemplate = async (i: number, file: File | undefined) => {
    if (!file) return;
    setUploadError(null);
    try {
      const f = await uploadFile(file, { csrfToken: session.data?.csrfToken ?? null, lang });
      // The national record's name stays when there is one: it is what applicants look for.
      update(i, { templateSha256: f.sha256, templateName: papers[i]!.templateName ?? file.name });
      setUploaded({ ...uploaded, [i]: file.name });
    } catch (e) {
      setUploadError(e);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      papers: papers.map((p) => ({
        name: p.name.trim(),
        originals: p.originals,
        copies: p.copies,
        mandatory: p.mandatory,
        templateSha256: p.templateSha256,
        templateName: nullIfBlank(p.templateName),
        note: nullIfBlank(p.note),
        kindCode: p.kindCode ?? null,
        provision: p.provision ?? 'upload',
        nationalSource: p.provision === 'national' ? (p.nationalSource ?? 'population') : null,
      })),
    });
  };

  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="papers-heading" data-testid="papers-editor">
      <h2 id="papers-heading">{t('procedures.papers')}</h2>
      <p className="muted">{t('catalog.papers.hint')}</p>
      {save.isError && <ErrorNotice error={save.error} />}
      {uploadError !== null && <ErrorNotice error={uploadError} />}
      <ol className="steps">
        {papers.map((p, i) => (
          <li key={i} className="step" data-testid={`paper-${i}`}>
            <Field
              id={`paper-${i}-name`}
              label={t('catalog.papers.name', { n: i + 1 })}
              error={fieldErrorOf(save.error, `papers/${i}/name`, lang)}
            >
              <textarea
                rows={2}
                value={p.name}
                onChange={(e) => update(i, { name: e.target.value })}
                required
                maxLength={1000}
              />
            </Field>
            <div className="filters">
              <Field id={`paper-${i}-originals`} label={t('catalog.papers.originals')}>
                <input
                  type="number"
                  min={0}
                  max={100}
                  value={p.originals}
                  onChange={(e) => update(i, { originals: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
                />
              </Field>
              <Field id={`paper-${i}-copies`} label={t('catalog.papers.copies')}>
                <input
                  type="number"
                  min={0}
                  max={100}
                  value={p.copies}
                  onChange={(e) => update(i, { copies: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
                />
              </Field>
              <Field
                id={`paper-${i}-provision`}
                label={t('catalog.papers.provision')}
                error={fieldErrorOf(save.error, `papers/${i}/nationalSource`, lang)}
              >
                <select
                  value={p.provision ?? 'upload'}
                  onChange={(e) =>
                    update(i, {
                      provision: e.target.value as Paper['provision'],
                      nationalSource: e.target.value === 'national' ? (p.nationalSource ?? 'population') : null,
                    })
                  }
                >
                  {PROVISIONS.map((x) => (
                    <option key={x} value={x}>
                      {t(`catalog.papers.provision.${x}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {p.provision === 'national' && (
                <Field id={`paper-${i}-source`} label={t('catalog.papers.nationalSource')}>
                  <select
                    value={p.nationalSource ?? 'population'}
                    onChange={(e) => update(i, { nationalSource: e.target.value as Paper['nationalSource'] })}
                  >
                    {NATIONAL_SOURCES.map((x) => (
                      <option key={x} value={x}>
                        {t(`catalog.papers.source.${x}`)}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
            </div>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={p.mandatory}
                onChange={(e) => update(i, { mandatory: e.target.checked })}
              />{' '}
              {t('catalog.papers.mandatory')}
            </label>
            <Field id={`paper-${i}-note`} label={t('catalog.papers.note')}>
              <input value={p.note ?? ''} onChange={(e) => update(i, { note: e.target.value })} maxLength={1000} />
            </Field>
            <fieldset className="fieldset">
              <legend>{t('catalog.papers.template')}</legend>
              {p.templateName && <p className="muted">{t('catalog.papers.templateNamed', { name: p.templateName })}</p>}
              {p.templateSha256 ? (
                uploaded[i] ? (
                  <p role="status">{t('catalog.papers.templateUploaded', { name: uploaded[i] })}</p>
                ) : (
                  <p>
                    <a
                      href={`/api/procedures/${procedure.id}/papers/${i + 1}/template`}
                      data-testid={`paper-${i}-template-link`}
                    >
                      {t('catalog.papers.templateDownload')}
                    </a>
                  </p>
                )
              ) : (
                <p className="muted">{t('catalog.papers.templateNone')}</p>
              )}
              <Field
                id={`paper-${i}-template`}
                label={t('catalog.papers.templateUpload', { n: i + 1 })}
                error={fieldErrorOf(save.error, `papers/${i}/templateSha256`, lang)}
              >
                <input
                  type="file"
                  accept=".pdf,.doc,.docx,.xls,.xlsx,.odt"
                  onChange={(e) => void onTemplate(i, e.target.files?.[0])}
                />
              </Field>
              {p.templateSha256 && (
                <button
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => update(i, { templateSha256: null })}
                >
                  {t('catalog.papers.templateRemove')}
                </button>
              )}
            </fieldset>
            <div className="actions">
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === 0}
                onClick={() => setPapers(moved(papers, i, -1))}
                aria-label={t('catalog.up', { n: i + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === papers.length - 1}
                onClick={() => setPapers(moved(papers, i, 1))}
                aria-label={t('catalog.down', { n: i + 1 })}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => setPapers(papers.filter((_, j) => j !== i))}
              >
                {t('catalog.papers.remove', { n: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={() => setPapers([...papers, blank()])}>
          + {t('catalog.papers.add')}
        </button>
        <button type="submit" className="button button--primary" data-testid="papers-save" disabled={save.isPending}>
          {save.isPending ? t('app.saving') : t('catalog.papers.save')}
        </button>
      </div>
    </form>
  );
}
