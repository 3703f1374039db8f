import { useState, type FormEvent } from 'react';
import { ONLINE_LEVELS, type OnlineLevel, type ProcedureLevel } from '../../api/procedures.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { useLang, useT } from '../../i18n/index.js';
import { Field, fieldErrorOf } from '../Field.js';
import { CHANNELS, LEVELS, nullIfBlank, useSaveProcedure, type Channel, type FullProcedure } from './types.js';

const TEXTS = [
  'nameEn',
  'agencyText',
  'competentAgencyText',
  'processingNote',
  'resultType',
  'feeSummary',
  'subjects',
  'requirements',
  'legalBasis',
] as const;
type TextKey = (typeof TEXTS)[number];
const LONG: TextKey[] = ['legalBasis', 'requirements', 'feeSummary', 'processingNote'];

interface Basics extends Record<TextKey, string> {
  name: string;
  processingDays: string;
  onlineLevel: OnlineLevel;
  levels: ProcedureLevel[];
  channels: Channel[];
  active: boolean;
}

const toggle = <T,>(list: T[], x: T, on: boolean) =>
  on ? [...list.filter((y) => y !== x), x] : list.filter((y) => y !== x);

/** What the national record says of a procedure: names, levels, agencies, time, channels, result, legal bases. */
export function BasicsForm({ procedure }: { procedure: FullProcedure }) {
  const t = useT();
  const { lang } = useLang();
  const [form, setForm] = useState<Basics>(() => ({
    name: procedure.name,
    processingDays: String(procedure.processingDays),
    onlineLevel: procedure.onlineLevel,
    levels: procedure.levels,
    channels: procedure.channels ?? [],
    active: procedure.active,
    ...(Object.fromEntries(TEXTS.map((k) => [k, procedure[k] ?? ''])) as Record<TextKey, string>),
  }));
  const save = useSaveProcedure(procedure.id, t('procedures.admin.saved'));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (form.name.trim() !== procedure.name) body.name = form.name.trim();
    const days = Number(form.processingDays.replace(',', '.'));
    if (days !== procedure.processingDays) body.processingDays = Number.isFinite(days) ? days : form.processingDays;
    if (form.onlineLevel !== procedure.onlineLevel) body.onlineLevel = form.onlineLevel;
    if (form.active !== procedure.active) body.active = form.active;
    const order = <T,>(all: readonly T[], some: T[]) => all.filter((x) => some.includes(x));
    if (order(LEVELS, form.levels).join() !== procedure.levels.join()) body.levels = order(LEVELS, form.levels);
    if (order(CHANNELS, form.channels).join() !== (procedure.channels ?? []).join())
      body.channels = order(CHANNELS, form.channels);
    for (const k of TEXTS) if (nullIfBlank(form[k]) !== (procedure[k] ?? null)) body[k] = nullIfBlank(form[k]);
    if (Object.keys(body).length) save.mutate(body);
  };
  const at = procedure.importedAt ? formatInstant(procedure.importedAt, lang) : null;
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="basics-heading" data-testid="basics-editor">
      <h2 id="basics-heading">{t('procedures.admin.basics')}</h2>
      {at && <p className="muted">{t('catalog.basics.importedAt', { at })}</p>}
      {save.isError && <ErrorNotice error={save.error} />}
      <Field id="procedure-name" label={t('procedures.name')} error={fieldErrorOf(save.error, 'name', lang)}>
        <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
      </Field>
      <Field id="procedure-nameEn" label={t('catalog.basics.nameEn')}>
        <input value={form.nameEn} onChange={(e) => setForm({ ...form, nameEn: e.target.value })} />
      </Field>
      <fieldset className="fieldset">
        <legend>{t('catalog.basics.levels')}</legend>
        {LEVELS.map((l) => (
          <label className="checkbox" key={l}>
            <input
              type="checkbox"
              checked={form.levels.includes(l)}
              onChange={(e) => setForm({ ...form, levels: toggle(form.levels, l, e.target.checked) })}
            />{' '}
            {t(`catalog.level.${l}`)}
          </label>
        ))}
        {fieldErrorOf(save.error, 'levels', lang) && (
          <p className="field__error">{fieldErrorOf(save.error, 'levels', lang)}</p>
        )}
      </fieldset>
      <Field
        id="procedure-days"
        label={t('procedures.processingDays')}
        hint={t('procedures.processingDaysHint')}
        error={fieldErrorOf(save.error, 'processingDays', lang)}
      >
        <input
          inputMode="decimal"
          value={form.processingDays}
          onChange={(e) => setForm({ ...form, processingDays: e.target.value })}
        />
      </Field>
      <Field id="procedure-online" label={t('procedures.onlineLevel')}>
        <select
          value={form.onlineLevel}
          onChange={(e) => setForm({ ...form, onlineLevel: e.target.value as OnlineLevel })}
        >
          {ONLINE_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`procedures.online.${l}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="fieldset">
        <legend>{t('catalog.basics.channels')}</legend>
        {CHANNELS.map((c) => (
          <label className="checkbox" key={c}>
            <input
              type="checkbox"
              checked={form.channels.includes(c)}
              onChange={(e) => setForm({ ...form, channels: toggle(form.channels, c, e.target.checked) })}
            />{' '}
            {t(`catalog.channel.${c}`)}
          </label>
        ))}
      </fieldset>
      {TEXTS.filter((k) => k !== 'nameEn').map((k) => (
        <Field
          key={k}
          id={`procedure-${k}`}
          label={t(`catalog.basics.${k}`)}
          hint={k === 'legalBasis' ? t('catalog.basics.legalBasisHint') : undefined}
          error={fieldErrorOf(save.error, k, lang)}
        >
          {LONG.includes(k) ? (
            <textarea
              rows={k === 'legalBasis' ? 5 : 3}
              value={form[k]}
              onChange={(e) => setForm({ ...form, [k]: e.target.value })}
            />
          ) : (
            <input value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
          )}
        </Field>
      ))}
      <label className="checkbox">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />{' '}
        {t('procedures.admin.active')}
      </label>
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="basics-save" disabled={save.isPending}>
          {save.isPending ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
