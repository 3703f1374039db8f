/**
 * What an archive holds, written as its last entry (`manifest.json`) and beside it (`<archive>.manifest.json`,
 * for listing and for incremental backups without reading the archive). The copy inside is the one restore trusts.
 */
export const ARCHIVE_FORMAT = 'tinhso-backup/1';
export const MANIFEST_ENTRY = 'manifest.json';

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface TableManifest {
  name: string;
  /** Columns restored (generated columns are recomputed by the database). */
  columns: string[];
  rows: number;
  /** Entries holding its rows, in order: `db/<table>/<n>.ndjson`, one JSON object per row. */
  chunks: string[];
}

export interface FileManifest {
  sha256: string;
  size: number;
  /** The archive holding the bytes: this one, or a base archive of an incremental backup. */
  archive: string;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  /** The archive's own file name. */
  archive: string;
  createdAt: string;
  /** When the database snapshot was taken: every transaction acknowledged before it is in the archive. */
  snapshotAt: string;
  source: { engine: 'pglite' | 'postgres'; serverVersion: string; appVersion: string };
  /** The last migration applied to the database in the archive. */
  schema: { idx: number; tag: string; folderMillis: number; hash: string; count: number };
  tables: TableManifest[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  files: FileManifest[];
  /** Uploads no record named that expired between the snapshot and the copy: restore removes their rows too. */
  expiredDuringBackup: string[];
  /** The audit chain's head in the snapshot. */
  audit: { rows: number; linked: number; headPos: number | null; headHash: string | null };
  /** The base of an incremental backup (its file name and manifest digest), null for a full one. */
  base: { archive: string; manifestSha256: string } | null;
  encrypted: boolean;
  entries: ManifestEntry[];
}

/** Beside the archive: the manifest plus what can only be known once the archive is closed. */
export interface Sidecar extends Manifest {
  archiveSize: number;
  archiveSha256: string;
  manifestSha256: string;
}

export const sidecarName = (archive: string) => `${archive}.manifest.json`;
