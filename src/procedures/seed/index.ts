import type { Database, Executor } from '../../platform/index.js';
import { agencyByCode } from '../../directory/index.js';
import { ensureField, upsertProcedure } from '../catalog/service.js';
import { SEED_FIELDS } from './fields.js';
import { HUE_PROCEDURES } from './hue-procedures.js';
import { RESULT_KINDS } from './result-kinds.js';

export { HUE_PROCEDURES, type SeedProcedure } from './hue-procedures.js';
export { SEED_FIELDS } from './fields.js';

async function agencyId(ex: Executor, code: string, cache: Map<string, string>): Promise<string> {
  const hit = cache.get(code);
  if (hit) return hit;
  const a = await agencyByCode(ex, code);
  if (!a) throw new Error(`seedHueProcedures: no agency ${code} in the directory (seed the demo province first)`);
  cache.set(code, a.id);
  return a.id;
}

/** The demo province's procedure catalog with papers, fees and workflows, in one transaction. */
export async function seedHueProcedures(database: Database): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const f of SEED_FIELDS) await ensureField(tx, f.code, f.name, f.nameEn);
    const cache = new Map<string, string>();
    for (const p of HUE_PROCEDURES) {
      const workflow = p.workflow
        ? await Promise.all(
            p.workflow.map(async (s) => ({
              ...s,
              agencyId: s.agencyMode === 'fixed' ? await agencyId(tx, s.agencyId!, cache) : null,
            })),
          )
        : undefined;
      await upsertProcedure(tx, {
        code: p.code,
        name: p.name,
        nameEn: p.nameEn,
        fieldCode: p.field,
        levels: p.levels,
        agencyId: p.agency ? await agencyId(tx, p.agency, cache) : null,
        agencyText: p.agencyText,
        processingDays: p.days,
        processingCutoff: p.cutoff ?? null,
        processingNote: p.daysNote ?? null,
        onlineLevel: p.online,
        resultType: p.result,
        resultKindCode: RESULT_KINDS[p.code] ?? null,
        legalBasis: p.legalBasis,
        feeSummary: p.feeSummary,
        formFields: p.form,
        demo: p.demo,
        papers: p.papers,
        fees: p.fees,
        workflow,
      });
    }
  });
}
