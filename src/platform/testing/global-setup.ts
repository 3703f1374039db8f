import type { TestProject } from 'vitest/node';
import { buildTemplates, dropTemplates, type TemplateRefs } from './templates.js';
import { templateSeeds } from '../../seed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templates: TemplateRefs;
  }
}

/** Builds the migrated templates once per run; TEST_DATABASE_URL switches the suite to PostgreSQL. */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const refs = await buildTemplates(templateSeeds, process.env.TEST_DATABASE_URL || undefined);
  console.log(`test templates ready on ${refs.kind} in ${Date.now() - started} ms`);
  project.provide('templates', refs);
  return async () => dropTemplates(refs);
}
