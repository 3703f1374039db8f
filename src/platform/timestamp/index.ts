/** RFC 3161 time stamps: the client, the verifier and a test authority. Used by signatures and by sealed logs. */
export {
  requestTimestamp,
  encodeRequest,
  TimestampError,
  type TimestampResult,
  type TimestampRequest,
} from './client.js';
export { verifyTimestamp, type TimestampVerification } from './verify.js';
export { parseToken, TimestampFormatError, type ParsedToken } from './token.js';
export { startTestTsa, type TestTsa } from './test-tsa.js';
