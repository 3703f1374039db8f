import { defineConfig } from 'vitest/config';

// Several instances (DESIGN §4): real app processes on one PostgreSQL database (TEST_DATABASE_URL), checked across.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/instances/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
