export { isSealed, openSecret, sealSecret } from './sealed.js';
