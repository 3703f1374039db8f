export {
  Files,
  createFiles,
  createFileStore,
  cleanFilename,
  sendFile,
  type FileRecord,
  type FileContent,
} from './files.js';
export { FileIntegrityError, type FileStore, type FileLimits, type PutOptions, type StoredBlob } from './store.js';
export { DiskFileStore } from './disk-store.js';
export { S3FileStore, type S3Options } from './s3-store.js';
export { files as filesTable, fileUploads } from './schema.js';
export { filesRoutes, MultipartFile, multipartRoute, UploadedFile } from './routes.js';
export { FileReferences, holdExpiry, type KeepQuery, type ReleaseQuery } from './references.js';
export { expireUnattached, FILE_EXPIRY_JOB } from './expiry.js';
