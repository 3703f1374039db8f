/** Fees by rule (phí, lệ phí): computed from the form on the server, quoted to the wizard, recorded on the dossier. */
export {
  computeFee,
  refundableShare,
  rulesInForce,
  type FeeInput,
  type FeeLine,
  type FeeQuote,
  type FeeRule,
} from './compute.js';
export { assessFee, feeRulesOf, toFeeRule } from './rules.js';
export { feeRoutes, FeeClaimSchema, FeeQuoteView } from './routes.js';
