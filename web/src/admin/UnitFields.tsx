import { useT } from '../i18n/index.js';
import { Field } from './Field.js';
import { unitTypeLabel } from './unitLabels.js';

/**
 * The fields of an administrative unit that the create, merge and detail forms share, in two blocks: what the unit
 * is (type, code, name) and when and on what basis a change takes effect. Ids are `{idPrefix}-{field}` and test ids
 * `{testPrefix}-{field}`, so that two forms on one page never share an id and every label names its control.
 */
type Set = (field: string, value: string) => void;
type Errors = Partial<Record<string, string | undefined>>;

export interface UnitIdentity {
  type: string;
  code: string;
  name: string;
}

export function UnitIdentityFields({
  idPrefix,
  testPrefix,
  value,
  onChange,
  errors,
  types,
  nameOnly = false,
}: {
  idPrefix: string;
  testPrefix: string;
  value: UnitIdentity;
  onChange: Set;
  errors: Errors;
  /** The types this unit may have (those of its level). */
  types: readonly { value: string }[];
  /** A correction of the name only: type and code are not offered. */
  nameOnly?: boolean;
}) {
  const t = useT();
  return (
    <>
      {!nameOnly && (
        <div className="form__row">
          <Field id={`${idPrefix}-type`} label={t('units.type')} error={errors.type}>
            <select
              data-testid={`${testPrefix}-type`}
              value={value.type}
              onChange={(e) => onChange('type', e.target.value)}
            >
              {types.map((u) => (
                <option key={u.value} value={u.value}>
                  {unitTypeLabel(u.value, t)}
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${idPrefix}-code`} label={t('units.code')} hint={t('units.codeHint')} error={errors.code}>
            <input
              data-testid={`${testPrefix}-code`}
              required
              pattern="[0-9A-Z]{1,12}"
              maxLength={12}
              spellCheck={false}
              value={value.code}
              onChange={(e) => onChange('code', e.target.value)}
            />
          </Field>
        </div>
      )}
      <Field id={`${idPrefix}-name`} label={t('units.name')} error={errors.name}>
        <input
          data-testid={`${testPrefix}-name`}
          required
          maxLength={200}
          value={value.name}
          onChange={(e) => onChange('name', e.target.value)}
        />
      </Field>
    </>
  );
}

export interface UnitChange {
  effective: string;
  legalBasis: string;
  note: string;
}

export function UnitChangeFields({
  idPrefix,
  testPrefix,
  value,
  onChange,
  errors,
  effectiveHint,
  legalBasisRequired = false,
}: {
  idPrefix: string;
  testPrefix: string;
  value: UnitChange;
  onChange: Set;
  errors: Errors;
  effectiveHint?: string;
  /** A merge needs its decision (nghị quyết) named; a new unit or a change may follow one named later. */
  legalBasisRequired?: boolean;
}) {
  const t = useT();
  return (
    <>
      <div className="form__row">
        <Field id={`${idPrefix}-effective`} label={t('units.effective')} hint={effectiveHint} error={errors.effective}>
          <input
            data-testid={`${testPrefix}-effective`}
            type="date"
            required
            value={value.effective}
            onChange={(e) => onChange('effective', e.target.value)}
          />
        </Field>
        <Field
          id={`${idPrefix}-legal`}
          label={t('units.legalBasis')}
          hint={t('units.legalBasisHint')}
          error={errors.legalBasis}
        >
          <input
            data-testid={`${testPrefix}-legal-basis`}
            required={legalBasisRequired}
            maxLength={300}
            value={value.legalBasis}
            onChange={(e) => onChange('legalBasis', e.target.value)}
          />
        </Field>
      </div>
      <Field id={`${idPrefix}-note`} label={t('units.note')} error={errors.note}>
        <textarea
          data-testid={`${testPrefix}-note`}
          rows={2}
          maxLength={2000}
          value={value.note}
          onChange={(e) => onChange('note', e.target.value)}
        />
      </Field>
    </>
  );
}
