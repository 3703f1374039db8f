export * from './catalog/schema.js';
export * from './dossiers/schema.js';
export * from './payments/schema.js';
export * from './stats/schema.js';
