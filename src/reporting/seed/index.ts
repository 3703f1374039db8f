/**
 * The module's shipped data, loaded once per database when the module starts (each part only when
 * absent, so an administrator's edits stay): indicators, Huế's appendix-4 criteria, the platform's
 * example set, the SIPAS survey form, a quarterly report template and the seed plans.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/index.js';
import { agencies, agencyByCode, agencyByKey } from '../../directory/index.js';
import { reportingSurveys, reportingTemplates } from '../schema.js';
import { seedIndicators } from '../indicators/service.js';
import { seedCriteriaSet, ASSESSED_LEVELS } from '../criteria/service.js';
import { seedPlans } from '../plans/service.js';
import type { SeedSet } from './types.js';
import hue from './hue-appendix4.json' with { type: 'json' };
import { SERVICE_INDEX } from './service-index.js';
import { QUARTERLY_TEMPLATE } from './templates.js';

import { OWNER_AGENCY_CODE } from './constants.js';
export { OWNER_AGENCY_CODE };

export const SIPAS_SURVEY = {
  key: 'sipas',
  nameVi:
    'Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS)',
  // The five aspects the Ministry of Home Affairs' index asks about, answered 1 (very dissatisfied) to 5 (very satisfied).
  questions: [
    {
      key: 'access',
      textVi: 'Tiếp cận dịch vụ (nơi tiếp nhận, trang thiết bị, cổng dịch vụ công)',
      textEn: 'Access to the service (reception place, equipment, online portal)',
    },
    {
      key: 'procedure',
      textVi: 'Thủ tục hành chính (công khai, đầy đủ, đúng quy định)',
      textEn: 'The procedure (published, complete, lawful)',
    },
    {
      key: 'staff',
      textVi: 'Công chức trực tiếp giải quyết (thái độ, hướng dẫn)',
      textEn: 'The officers (attitude, guidance)',
    },
    { key: 'result', textVi: 'Kết quả giải quyết (đúng hạn, chính xác)', textEn: 'The result (on time, correct)' },
    {
      key: 'feedback',
      textVi: 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
      textEn: 'Handling of comments and complaints',
    },
  ],
};

/**
 * Seeds what is absent. Several instances may start at once on one database: the work is one
 * transaction under an advisory lock, so the second waits and then finds everything there.
 */
export async function ensureReportingSeed(database: Db): Promise<void> {
  await database.transaction(async (db) => {
    await db.execute(sql`SELECT pg_advisory_xact_lock(7420291)`);
    const owner = await agencyByCode(db, OWNER_AGENCY_CODE);
    await seedIndicators(db, owner ? { STTTT: owner.id } : {});
    await seedCriteriaSet(db, hue as unknown as SeedSet);
    await seedCriteriaSet(db, SERVICE_INDEX);
    await db.insert(reportingSurveys).values(SIPAS_SURVEY).onConflictDoNothing();
    const [tmpl] = await db
      .select({ id: reportingTemplates.id })
      .from(reportingTemplates)
      .where(eq(reportingTemplates.key, QUARTERLY_TEMPLATE.key));
    if (!tmpl) {
      const assessed = await db
        .select({ id: agencies.id })
        .from(agencies)
        .where(inArray(agencies.level, [...ASSESSED_LEVELS]));
      const receiver = await agencyByKey(db, 'VP');
      if (assessed.length)
        await db
          .insert(reportingTemplates)
          .values({
            ...QUARTERLY_TEMPLATE,
            receiverAgencyId: receiver?.id ?? null,
            agencyIds: assessed.map((a) => a.id),
          })
          .onConflictDoNothing();
    }
    await seedPlans(db);
  });
}
