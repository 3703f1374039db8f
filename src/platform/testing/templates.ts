import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { processAlive } from '../db/startup.js';

/**
 * Test databases start from a migrated template, so each test file gets a fresh database quickly:
 * on PGlite by loading a data-directory dump, on PostgreSQL with CREATE DATABASE … TEMPLATE.
 */
export type TemplateName = 'base' | 'demo';
export type Seeder = (db: Database) => Promise<void>;

export interface TemplateRefs {
  kind: 'pglite' | 'postgres';
  /** PGlite: dump file per template; PostgreSQL: template database name per template. */
  templates: Record<TemplateName, string>;
  serverUrl?: string;
  /** PostgreSQL: this run's id (the pid of the process that built the templates), in every database name. */
  runId?: number;
}

export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.href;
}

async function adminQuery(serverUrl: string, q: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await c.query(q);
  } finally {
    await c.end();
  }
}

/** Builds both templates: `base` is migrated with reference data; `demo` also holds the demo province. */
export async function buildTemplates(seeds: Record<TemplateName, Seeder[]>, serverUrl?: string): Promise<TemplateRefs> {
  if (serverUrl) {
    // Each run has its own databases, so runs side by side (two checkouts, two terminals) never meet.
    const runId = process.pid;
    const refs: TemplateRefs = {
      kind: 'postgres',
      serverUrl,
      runId,
      templates: { base: `tinhso_tpl_${runId}_base`, demo: `tinhso_tpl_${runId}_demo` },
    };
    await dropDatabases(serverUrl, (owner) => owner === runId || !processAlive(owner));
    for (const name of ['base', 'demo'] as const) {
      const dbName = refs.templates[name];
      await adminQuery(serverUrl, `CREATE DATABASE "${dbName}"`);
      const d = await openDatabase({ databaseUrl: withDatabase(serverUrl, dbName), poolSize: 2 });
      await migrateDatabase(d);
      for (const s of seeds[name]) await s(d);
      await d.close();
      await adminQuery(serverUrl, `ALTER DATABASE "${dbName}" IS_TEMPLATE true`);
    }
    return refs;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-tpl-'));
  const refs: TemplateRefs = {
    kind: 'pglite',
    templates: { base: path.join(dir, 'base.tar'), demo: path.join(dir, 'demo.tar') },
  };
  const d = await openDatabase({});
  await migrateDatabase(d);
  for (const s of seeds.base) await s(d);
  fs.writeFileSync(refs.templates.base, Buffer.from(await (await d.pglite!.dumpDataDir('none')).arrayBuffer()));
  for (const s of seeds.demo) await s(d);
  fs.writeFileSync(refs.templates.demo, Buffer.from(await (await d.pglite!.dumpDataDir('none')).arrayBuffer()));
  await d.close();
  return refs;
}

export async function dropTemplates(refs: TemplateRefs) {
  if (refs.kind === 'pglite') {
    fs.rmSync(path.dirname(refs.templates.base), { recursive: true, force: true });
    return;
  }
  await dropDatabases(refs.serverUrl!, (owner) => owner === refs.runId);
}

/** Drops this suite's databases whose owning run matches; names are tinhso_tpl_<run>_… and tinhso_t_<run>_…. */
async function dropDatabases(serverUrl: string, owned: (runId: number) => boolean) {
  const old = await adminQuery(serverUrl, "SELECT datname FROM pg_database WHERE datname ~ '^tinhso_t(pl)?_[0-9]+_'");
  for (const r of old.rows as { datname: string }[]) {
    const runId = Number(/^tinhso_t(?:pl)?_(\d+)_/.exec(r.datname)![1]);
    if (!owned(runId)) continue;
    await adminQuery(serverUrl, `ALTER DATABASE "${r.datname}" IS_TEMPLATE false`).catch(() => {});
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => {});
  }
}

let counter = 0;
/** A fresh database for one test file, from a template. */
export async function databaseFromTemplate(refs: TemplateRefs, name: TemplateName): Promise<Database> {
  if (refs.kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(refs.templates[name])]);
    return openDatabase({ loadDataDir: blob });
  }
  const dbName = `tinhso_t_${refs.runId}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await adminQuery(refs.serverUrl!, `CREATE DATABASE "${dbName}" TEMPLATE "${refs.templates[name]}"`);
  const d = await openDatabase({ databaseUrl: withDatabase(refs.serverUrl!, dbName), poolSize: 10 });
  const close = d.close;
  return {
    ...d,
    async close() {
      await close();
      await adminQuery(refs.serverUrl!, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    },
  };
}
