/**
 * Procedures (thủ tục hành chính): the catalog with its workflows, and the dossiers built on it.
 * Other modules use only what this file exports.
 */
export * from './catalog/schema.js';
export {
  getProcedure,
  procedureWorkflow,
  listProcedures,
  listFields,
  workflowErrors,
  replaceWorkflow,
  type ProcedureDetail,
  type ProcedureInput,
  type PaperInput,
  type FeeInput,
  type StepInput,
  type ProcedureQuery,
} from './catalog/service.js';
export { upsertProcedure, DEFAULT_WORKFLOW, type FullProcedureInput } from './catalog/service.js';
export { seedHueProcedures, HUE_PROCEDURES } from './seed/index.js';
export { catalogRoutes } from './catalog/routes/index.js';
export { FormFieldSchema } from './catalog/routes/views.js';
export {
  dossiersModule,
  dossiers,
  dossierActions,
  DOSSIER_STATUSES,
  NOTIFY_DOSSIER,
  NOTIFY_DUE_SOON,
  type Dossier,
  type DossierAction,
  type DossierStatus,
} from './dossiers/index.js';
// The living demo's year of dossiers, at past instants through the same checks and actions (src/demo/dossiers.ts).
export { intakeAt, actAt, principalOf, type PastContext } from './dossiers/index.js';
export { paymentRoutes } from './payments/routes.js';
export { feeRoutes } from './fees/index.js';
export {
  renderReceipt,
  renderApology,
  receiptForm,
  apologyForm,
  type ReceiptData,
  type ApologyData,
} from './forms/receipt.js';
export { registerDossierNotifications } from './notify/dossier-notifier.js';
export { dossierFormRoutes } from './forms/routes.js';
export {
  paperRoutes,
  nationalDatabases,
  type NationalDatabase,
  type PersonQuery,
  type LookupAnswer,
} from './papers/index.js';
export { repositoryModule } from './repository/index.js';
export { postalRoutes } from './postal/index.js';
export { questionRoutes } from './questions/index.js';
