export * from './catalog/schema.js';
export * from './dossiers/schema.js';
export * from './payments/schema.js';
export * from './stats/schema.js';
export * from './papers/schema.js';
export * from './repository/schema.js';
export * from './postal/schema.js';
export * from './questions/schema.js';
