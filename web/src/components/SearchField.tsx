/** A list's search box, its label tied to it by id (a placeholder is no label: it vanishes as one types). */
export function SearchField({
  id,
  label,
  value,
  onChange,
  testId,
  className,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  className?: string;
}) {
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
