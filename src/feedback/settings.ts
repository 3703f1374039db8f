import { eq } from 'drizzle-orm';
import type { Executor } from '../platform/index.js';
import { feedbackSettings } from './schema.js';

/** The module's settings (cấu hình), each stored as one row; missing rows take these defaults. */
export interface FeedbackSettings {
  /** Where a report goes when no routing rule matches (cơ quan tiếp nhận mặc định). */
  fallbackAgencyId: string | null;
  /** An open report of the same category this close is a likely duplicate (metres). */
  duplicateRadiusM: number;
  /** How long after a resolution the reporter may reopen it (days). */
  reopenDays: number;
  /** A report is "due soon" when less than this much working time is left (working hours). */
  dueSoonWorkingHours: number;
}

export const DEFAULT_SETTINGS: FeedbackSettings = {
  fallbackAgencyId: null,
  duplicateRadiusM: 50,
  reopenDays: 30,
  dueSoonWorkingHours: 8,
};
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof FeedbackSettings)[];

export async function readSettings(ex: Executor): Promise<FeedbackSettings> {
  return settingsFrom(await ex.select().from(feedbackSettings));
}

/** The settings from their stored rows (read on their own, or with a submission's other lookups). */
export function settingsFrom(rows: readonly { key: string; value: unknown }[]): FeedbackSettings {
  const out: FeedbackSettings = { ...DEFAULT_SETTINGS };
  for (const r of rows)
    if ((SETTING_KEYS as string[]).includes(r.key)) (out as unknown as Record<string, unknown>)[r.key] = r.value;
  return out;
}

export async function writeSettings(ex: Executor, patch: Partial<FeedbackSettings>): Promise<FeedbackSettings> {
  for (const key of SETTING_KEYS) {
    if (!(key in patch)) continue;
    const value = patch[key] ?? null;
    // A cleared setting takes its default again; the column holds JSON values, never SQL NULL.
    if (value === null) {
      await ex.delete(feedbackSettings).where(eq(feedbackSettings.key, key));
      continue;
    }
    const [row] = await ex
      .select({ key: feedbackSettings.key })
      .from(feedbackSettings)
      .where(eq(feedbackSettings.key, key));
    if (row)
      await ex.update(feedbackSettings).set({ value, updatedAt: new Date() }).where(eq(feedbackSettings.key, key));
    else await ex.insert(feedbackSettings).values({ key, value });
  }
  return readSettings(ex);
}
