export { ArchiveWriter, readArchive, type ArchiveKey } from './archive.js';
export { takeBackup, listArchives, type BackupOptions, type BackupResult } from './backup.js';
export { BackupError, type BackupErrorCode } from './errors.js';
export { ARCHIVE_FORMAT, sidecarName, type Manifest, type Sidecar } from './manifest.js';
export { restoreBackup, checkFiles, type RestoreOptions, type RestoreReport, type RestoreTarget } from './restore.js';
export {
  snapshotOf,
  pgliteSnapshot,
  postgresSnapshot,
  snapshotFromDump,
  dumpPglite,
  type Snapshot,
} from './snapshot.js';
export { backupRoutes } from './routes.js';
export {
  registerBackupJobs,
  runBackup,
  backupStatus,
  requestBackup,
  BACKUP_CHECK_JOB,
  BACKUP_RUN_JOB,
  type BackupStatus,
} from './schedule.js';
export { selectKept, pruneArchives, type KeepPolicy } from './retention.js';
export { backupRuns } from './schema.js';
export { listenControl, requestSnapshotCopy, CONTROL_SOCKET, type ControlServer } from './control.js';
