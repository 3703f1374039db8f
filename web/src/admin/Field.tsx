import { cloneElement, useId, type ReactElement } from 'react';
import { isApiError } from '../api/client.js';
import { pick, type Lang } from '../i18n/index.js';

/**
 * A labelled control with its hint and its error, both tied to the control for screen readers. The control gets the
 * field's id (given, or made with useId): a `<label for>` naming an id no element carries labels nothing.
 */
export function Field({
  id: givenId,
  label,
  hint,
  error,
  className,
  children,
}: {
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', className, error ? 'has-error' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * The server's message for a field of the request body, in `lang`: `path` is the field's path below
 * `/body` (`name`, `into/code`, `sessions/0/start`); an error on a deeper path counts for its parent.
 */
export function fieldErrorOf(err: unknown, path: string, lang: Lang, exact = false): string | undefined {
  if (!isApiError(err)) return undefined;
  const full = `/body/${path}`;
  const hit = err.errors.find(
    (e) => e.field === full || e.field === path || (!exact && e.field.startsWith(`${full}/`)),
  );
  return hit ? pick(hit.message, lang) || hit.code : undefined;
}
