/** Papers the state already holds: kinds of paper, how each paper reaches a dossier, national databases with consent. */
export { paperRoutes } from './routes.js';
export { nationalDatabases, type NationalDatabase, type PersonQuery, type LookupAnswer } from './national.js';
export {
  NATIONAL_SOURCES,
  PAPER_PROVISIONS,
  PAPER_SOURCES,
  type NationalSource,
  type PaperProvision,
  type PaperSource,
} from './sources.js';
