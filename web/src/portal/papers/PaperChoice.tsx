/**
 * One paper of the online wizard, as its procedure says it reaches the dossier: uploaded (or picked from
 * the applicant's repository when it holds a paper of that kind); only shown at the desk; or taken from a
 * national database, with the applicant's consent, never uploaded (papers the state already holds).
 */
import type { UploadedFile } from '../../api/dossiers.js';
import type { RepositoryDocument } from '../../api/papers.js';
import type { ProcedureDetail } from '../../api/procedures.js';
import { useT } from '../../i18n/index.js';
import { FileUpload } from '../dossiers/parts.js';

type Paper = ProcedureDetail['papers'][number];

export function PaperChoice({
  paper,
  hint,
  files,
  onFiles,
  documents,
  picked,
  onPick,
  consent,
  onConsent,
  error,
}: {
  paper: Paper;
  hint?: string;
  files: UploadedFile[];
  onFiles: (f: UploadedFile[]) => void;
  documents: RepositoryDocument[];
  picked: string;
  onPick: (documentId: string) => void;
  consent: boolean;
  onConsent: (v: boolean) => void;
  error?: string;
}) {
  const t = useT();
  const label = `${paper.ordinal}. ${paper.name}`;
  if (paper.provision === 'desk' || paper.provision === 'national') {
    return (
      <div className="field" data-testid={`paper-${paper.ordinal}-held`}>
        <span className="field__label">{label}</span>
        <p className="small muted">
          {paper.provision === 'desk'
            ? t('papers.deskOnly')
            : t('papers.national', { db: t(`papers.db.${paper.nationalSource ?? 'population'}`) })}
        </p>
        {paper.provision === 'national' && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={consent}
              onChange={(e) => onConsent(e.target.checked)}
              data-testid={`paper-${paper.ordinal}-consent`}
            />{' '}
            {t('papers.consent', { db: t(`papers.db.${paper.nationalSource ?? 'population'}`) })}
          </label>
        )}
      </div>
    );
  }
  const usable = documents.filter((d) => paper.kindCode && d.kindCode === paper.kindCode);
  return (
    <div data-testid={`paper-${paper.ordinal}-box`}>
      {usable.length > 0 && (
        <div className="field">
          <label htmlFor={`paper-${paper.id}-repo`}>{t('papers.fromRepository')}</label>
          <select
            id={`paper-${paper.id}-repo`}
            value={picked}
            onChange={(e) => onPick(e.target.value)}
            data-testid={`paper-${paper.ordinal}-repo`}
          >
            <option value="">{t('papers.uploadInstead')}</option>
            {usable.map((d) => (
              <option key={d.id} value={d.id}>
                {[d.title, d.number, d.issuedOn, d.verified ? t('repo.verified') : t('repo.unverified')]
                  .filter(Boolean)
                  .join(' · ')}
              </option>
            ))}
          </select>
        </div>
      )}
      {!picked && (
        <FileUpload
          id={`paper-${paper.id}`}
          label={label}
          required={paper.mandatory}
          hint={hint}
          files={files}
          onChange={onFiles}
          error={error}
          testId={`paper-${paper.ordinal}`}
        />
      )}
      {picked && error && (
        <span className="field__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
