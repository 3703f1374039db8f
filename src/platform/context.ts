import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { ScopeResolver } from './auth/authorize.js';
import type { Files } from './files/files.js';
import type { JobRunner } from './jobs/runner.js';
import type { CalendarService } from './calendar/service.js';
import type { AuditChainer } from './audit/chainer.js';
import type { AuditNames } from './audit/names.js';

/**
 * What every module is given: configuration, the database, the logger, and the platform's services.
 * Modules add nothing here; they expose their own services through their index.ts.
 */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  /** Set by the directory module once it is registered; scope checks use it. */
  scopes: ScopeResolver;
  /** The content-addressed file store and its records. */
  files: Files;
  /** The job runner: modules register their handlers and schedules on it. */
  jobs: JobRunner;
  /** The working calendar (office hours, holidays, official overrides) as stored. */
  calendar: CalendarService;
  /** Links committed audit rows into the hash chain; `chainNow()` links what has committed (tests, tools). */
  audit: AuditChainer;
  /** How each module names the objects its audit rows concern, for the audit page (modules register at start). */
  auditNames: AuditNames;
}
