/** Why a backup or a restore stopped; `message` says it in Vietnamese and English, for the console and the API. */
export type BackupErrorCode =
  | 'encrypted'
  | 'wrong-key'
  | 'truncated'
  | 'tampered'
  | 'newer-schema'
  | 'unknown-schema'
  | 'not-empty'
  | 'missing-base'
  | 'missing-file'
  | 'corrupt-file'
  | 'not-an-archive'
  | 'write-failed'
  | 'check-failed';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    readonly text: { vi: string; en: string },
    opts: { cause?: unknown } = {},
  ) {
    super(`${text.vi}\n${text.en}`, opts);
    this.name = 'BackupError';
  }
}
