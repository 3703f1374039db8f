import { defineConfig } from 'drizzle-kit';

// Each module owns its tables in its own schema.ts; one migration history covers them all.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/*/schema.ts', './src/*/schema.ts'],
  out: './drizzle',
});
