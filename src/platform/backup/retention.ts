import fsp from 'node:fs/promises';
import path from 'node:path';
import { listArchives } from './backup.js';
import { sidecarName, type Sidecar } from './manifest.js';

export interface KeepPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

/** Vietnam's calendar day of an instant (UTC+7, no daylight saving). */
const vnDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

/** ISO 8601 week of a calendar day, as 'yyyy-Www'. */
function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow + 3);
  const year = d.getUTCFullYear();
  const first = new Date(Date.UTC(year, 0, 4));
  const week =
    1 + Math.round((d.getTime() - first.getTime()) / 86_400_000 / 7 - (((first.getUTCDay() + 6) % 7) - 3) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Grandfather-father-son: the newest archive of each of the last `daily` days, `weekly` weeks and `monthly` months that
 * have one, the newest archive always, and every archive a kept one takes files from (an incremental backup is
 * worthless without its bases).
 */
export function selectKept(archives: Sidecar[], keep: KeepPolicy): Set<string> {
  const newestFirst = [...archives].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const kept = new Set<string>();
  if (newestFirst[0]) kept.add(newestFirst[0].archive);
  const pick = (bucket: (a: Sidecar) => string, n: number) => {
    const seen = new Set<string>();
    for (const a of newestFirst) {
      const b = bucket(a);
      if (seen.has(b)) continue;
      if (seen.size >= n) break;
      seen.add(b);
      kept.add(a.archive);
    }
  };
  pick((a) => vnDay(a.createdAt), keep.daily);
  pick((a) => isoWeek(vnDay(a.createdAt)), keep.weekly);
  pick((a) => vnDay(a.createdAt).slice(0, 7), keep.monthly);
  const byName = new Map(archives.map((a) => [a.archive, a]));
  const todo = [...kept];
  while (todo.length) {
    const a = byName.get(todo.pop()!);
    if (!a) continue;
    const needs = new Set(a.files.map((f) => f.archive));
    if (a.base) needs.add(a.base.archive);
    for (const n of needs)
      if (!kept.has(n)) {
        kept.add(n);
        todo.push(n);
      }
  }
  return kept;
}

/** Removes the archives (and their sidecars) the policy does not keep; answers their names. */
export async function pruneArchives(dir: string, keep: KeepPolicy): Promise<string[]> {
  const archives = await listArchives(dir);
  const kept = selectKept(archives, keep);
  const removed: string[] = [];
  for (const a of archives) {
    if (kept.has(a.archive)) continue;
    await fsp.rm(path.join(dir, a.archive), { force: true });
    await fsp.rm(path.join(dir, sidecarName(a.archive)), { force: true });
    removed.push(a.archive);
  }
  return removed;
}
