import { sql, type SQL } from 'drizzle-orm';
import { problems } from '../platform/index.js';
import type { FeedbackSettings } from './settings.js';

/**
 * The rule that routes a report of this category in this unit (phân công xử lý), as a subquery of one row (id,
 * agency_id): a rule for the unit beats a rule for any unit; among equals the highest priority wins, then the
 * oldest. `categoryId` and `unitId` are SQL values (or subqueries: the submission reads it with its other lookups).
 */
export const routingRuleSql = (categoryId: SQL, unitId: SQL): SQL =>
  sql`(SELECT r.id, r.agency_id FROM feedback_routing_rules r
        WHERE r.category_id = ${categoryId} AND r.active AND (r.unit_id = ${unitId} OR r.unit_id IS NULL)
        ORDER BY r.unit_id IS NULL, r.priority DESC, r.created_at LIMIT 1)`;

/** The agency a matched rule names, else the fallback agency; with neither, a 503. */
export function routeBy(
  rule: { id: string; agencyId: string } | null,
  settings: Pick<FeedbackSettings, 'fallbackAgencyId'>,
): { agencyId: string; ruleId: string | null } {
  if (rule) return { agencyId: rule.agencyId, ruleId: rule.id };
  if (settings.fallbackAgencyId) return { agencyId: settings.fallbackAgencyId, ruleId: null };
  throw problems.unavailable({
    vi: 'Chưa có cơ quan tiếp nhận cho lĩnh vực này; quản trị cần khai báo quy tắc hoặc cơ quan mặc định.',
    en: 'No agency handles this category yet; an administrator must add a routing rule or a fallback agency.',
  });
}
