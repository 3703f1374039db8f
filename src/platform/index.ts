export type { Config } from './config.js';
export { loadConfig } from './config.js';
export { createLogger, maskIdentityNumbers } from './logger.js';
export type { AppContext } from './context.js';
export {
  openDatabase,
  openConfiguredDatabase,
  migrateDatabase,
  queryRows,
  GroupCommit,
  insertRows,
  insertStatement,
  insertTogether,
  preparedStatement,
  type Database,
  type Db,
  type Tx,
  type Executor,
} from './db/index.js';
export { createHttp, sendProblem, toProblem, requestLanguage, type App } from './http/app.js';
export { Problem, problems, type Bilingual, type FieldError } from './http/problem.js';
export { errorResponses, ProblemSchema, Bilingual as BilingualSchema } from './http/schemas.js';
export { transact, unchanged, type AuditFn } from './http/transact.js';
export { reserveIdempotencyClaim, type IdempotencyClaim } from './http/idempotency.js';
export { appendAudit, appendAuditBatch, type AuditEntry } from './audit/audit.js';
export { verifyAuditChain, type VerifyResult, type VerifyOptions, type BrokenReason } from './audit/verify.js';
export { AuditChainer, linkQueued } from './audit/chainer.js';
export { AuditNames, type NameQuery, type TargetName } from './audit/names.js';
export { requireAuth, requirePermission, requireRoleFor, requireCoverage, SESSION_COOKIE } from './auth/principal.js';
export {
  can,
  grantCovers,
  flatScopes,
  hasRole,
  holdsPermission,
  soleAgencyFor,
  coverageOf,
  coverageReaches,
  isProvinceGrant,
  PROVINCE,
  NO_COVERAGE,
  type Coverage,
  type Grant,
  type Principal,
  type ScopeResolver,
  type Target,
} from './auth/authorize.js';
export { PERMISSIONS, type Permission } from './auth/permissions.js';
export { ROLES, ROLE_NAMES, type Role } from './auth/roles.js';
export {
  createAccount,
  findAccountByUsername,
  grantRole,
  activeGrants,
  openSession,
  revokeGrant,
  updateAccount,
} from './auth/accounts.js';
export { accounts, roleGrants } from './auth/schema.js';
export { hashPassword, passwordProblems } from './auth/passwords.js';
export {
  Files,
  FileIntegrityError,
  sendFile,
  cleanFilename,
  holdExpiry,
  MultipartFile,
  multipartRoute,
  type FileStore,
  type FileRecord,
  type FileContent,
  type StoredBlob,
  type PutOptions,
} from './files/index.js';
export {
  CalendarService,
  WorkingCalendar,
  calendarRoutes,
  dueAfter,
  seedCalendar,
  type Holiday,
  type ProcessingTime,
} from './calendar/index.js';
export {
  enqueue,
  enqueueMany,
  enqueueStatement,
  JobRunner,
  type Job,
  type JobHandler,
  type EnqueueOptions,
  type Enqueued,
  type JobStatus,
} from './jobs/index.js';
export {
  hitLimits,
  hitStatement,
  limitsClock,
  perClientLimit,
  Reservations,
  reservationSize,
  tooManyRequests,
  purgeRateLimits,
  RATE_LIMIT_PURGE_JOB,
  type LimitHit,
  type RateRule,
} from './limits/index.js';
export {
  CACHES,
  cacheChanged,
  listenForCacheChanges,
  notifyCacheChange,
  onCacheChange,
  type CacheName,
  type CacheListener,
} from './db/invalidation.js';
export { isSealed, openSecret, sealSecret } from './secrets/index.js';
export {
  assertPortFree,
  lockDataDir,
  portMessage,
  StartRefused,
  withStartupLock,
  type DataDirLock,
  type DataDirOwner,
} from './db/startup.js';
// What the other modules use of the platform's parts, so that they import only this file.
export { StringEnum } from './http/schemas.js';
export {
  checkIdNumber,
  isEmail,
  isVnPhone,
  parseIsoDate,
  parseVnPhone,
  requireVnPhone,
  vnDateParts,
  type IdNumberProblem,
} from './http/vn-formats.js';
export { idempotencyPreHandler, storeIdempotentAnswer } from './http/idempotency.js';
export { installedProvince, isDemoInstallation } from './setup/installation.js';
export { mapOrigins, type MapConfig } from './config.js';
export { OutboxSmsSender, normalizeVnPhone, queueEmail, type SmsSender } from './notify/index.js';
export { principalFromApiToken } from './auth/principal.js';
export { API_TOKEN_PREFIX } from './auth/tokens.js';
export { addToLimits } from './limits/index.js';
export { files } from './files/schema.js';
export { VIETNAM_UTC_OFFSET_MS } from './calendar/index.js';
export { canonicalJson } from './audit/chain.js';
