import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { problems, type Executor } from '../platform/index.js';
import { feedbackRoutingRules } from './schema.js';
import { readSettings } from './settings.js';

/**
 * The agency that handles a report of this category in this unit (phân công xử lý): a rule for the
 * unit beats a rule for any unit; among equals the highest priority wins; with no rule, the fallback.
 */
export async function routeReport(ex: Executor, categoryId: string, unitId: string | null): Promise<{ agencyId: string; ruleId: string | null }> {
  const unitMatch = unitId ? or(eq(feedbackRoutingRules.unitId, unitId), isNull(feedbackRoutingRules.unitId)) : isNull(feedbackRoutingRules.unitId);
  const [rule] = await ex
    .select({ id: feedbackRoutingRules.id, agencyId: feedbackRoutingRules.agencyId })
    .from(feedbackRoutingRules)
    .where(and(eq(feedbackRoutingRules.categoryId, categoryId), eq(feedbackRoutingRules.active, true), unitMatch))
    .orderBy(sql`${feedbackRoutingRules.unitId} IS NULL`, desc(feedbackRoutingRules.priority), feedbackRoutingRules.createdAt)
    .limit(1);
  if (rule) return { agencyId: rule.agencyId, ruleId: rule.id };
  const { fallbackAgencyId } = await readSettings(ex);
  if (fallbackAgencyId) return { agencyId: fallbackAgencyId, ruleId: null };
  throw problems.unavailable({
    vi: 'Chưa có cơ quan tiếp nhận cho lĩnh vực này; quản trị cần khai báo quy tắc hoặc cơ quan mặc định.',
    en: 'No agency handles this category yet; an administrator must add a routing rule or a fallback agency.',
  });
}
