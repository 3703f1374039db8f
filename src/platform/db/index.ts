export * from './client.js';
export * from './migrate.js';
export * from './group-commit.js';
export * from './bulk-insert.js';
