import { eq } from 'drizzle-orm';
import { createAccount, grantRole, type Database } from '../../platform/index.js';
import { addProfile, agencies, agencyByCode } from '../../directory/index.js';
import { feedbackCategories, feedbackRoutingRules, type DeadlineUnit } from '../schema.js';
import { writeSettings } from '../settings.js';
import data from './categories.json' with { type: 'json' };

interface SeedCategory {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  descriptionEn: string;
  groupName: string;
  deadlineAmount: number;
  deadlineUnit: DeadlineUnit;
  /** Routed to the commune's People's Committee where the directory has one, else to `agencyCode`. */
  communeFirst?: boolean;
  agencyCode: string | null;
}

/** Demo handlers, so each seeded route has someone to work it (all demo). */
export const FEEDBACK_DEMO_ACCOUNTS = [
  {
    username: 'xaydung',
    displayName: 'Ngô Văn Xây',
    role: 'specialist' as const,
    agencyCode: '000.00.05.H57',
    position: 'Chuyên viên Sở Xây dựng (minh hoạ)',
  },
  {
    username: 'moitruong',
    displayName: 'Đặng Thị Môi',
    role: 'specialist' as const,
    agencyCode: '000.00.06.H57',
    position: 'Chuyên viên Sở Nông nghiệp và Môi trường (minh hoạ)',
  },
  {
    username: 'phuxuan',
    displayName: 'Võ Văn Phường',
    role: 'officer' as const,
    agencyCode: '000.00.41.H57',
    position: 'Cán bộ UBND phường Phú Xuân (minh hoạ)',
  },
];

/**
 * Huế's demo categories, routing rules and handlers (everything here is demo: see categories.json). The handlers'
 * password is the demo's (src/demo/accounts.ts), passed in: a module does not import the demo layer.
 */
export async function seedFeedback(database: Database, demoPassword: string): Promise<void> {
  const categories = data.categories as SeedCategory[];
  await database.db.transaction(async (tx) => {
    const agencyId = async (code: string) => {
      const a = await agencyByCode(tx, code);
      if (!a) throw new Error(`seedFeedback: no agency ${code}`);
      return a.id;
    };
    const communeAgencies = await tx
      .select({ id: agencies.id, unitId: agencies.unitId })
      .from(agencies)
      .where(eq(agencies.level, 'commune'));
    for (const c of categories) {
      const { agencyCode, communeFirst, ...fields } = c;
      const [row] = await tx
        .insert(feedbackCategories)
        .values({ ...fields, demo: true })
        .returning({ id: feedbackCategories.id });
      if (agencyCode)
        await tx
          .insert(feedbackRoutingRules)
          .values({ categoryId: row!.id, unitId: null, agencyId: await agencyId(agencyCode), demo: true });
      if (communeFirst) {
        for (const a of communeAgencies)
          if (a.unitId)
            await tx
              .insert(feedbackRoutingRules)
              .values({ categoryId: row!.id, unitId: a.unitId, agencyId: a.id, demo: true });
      }
    }
    await writeSettings(tx, { fallbackAgencyId: await agencyId(data.fallbackAgencyCode) });
  });
  for (const a of FEEDBACK_DEMO_ACCOUNTS) {
    const agency = await agencyByCode(database.db, a.agencyCode);
    if (!agency) throw new Error(`seedFeedback: no agency ${a.agencyCode}`);
    const acc = await createAccount(database.db, {
      username: a.username,
      displayName: a.displayName,
      password: demoPassword,
    });
    await grantRole(database.db, acc.id, { role: a.role, scopeKind: 'agency', scopeId: agency.id });
    await addProfile(database.db, acc.id, { agencyId: agency.id, position: a.position });
  }
}
