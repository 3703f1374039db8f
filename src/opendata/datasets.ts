/**
 * Writing datasets: create, update, and the publishing workflow. A dataset is the fold of its actions:
 * draft → in_review (submit, by the agency's staff) → published (approve, by its leader, after the privacy scan)
 * or back to draft (return); published → withdrawn (withdraw) → draft (reopen). Any other move is a 409.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { problems, type Executor, type Files } from '../platform/index.js';
import { unitByCode } from '../directory/index.js';
import {
  FREQUENCIES,
  opendataDatasetActions,
  opendataDatasets,
  opendataGroups,
  opendataLicences,
  opendataResources,
  type Dataset,
  type DatasetState,
  type Frequency,
} from './schema.js';
import { scanResource } from './resources.js';
import { scanText, type Finding } from './privacy.js';

export const DATASET_NAME = /^[a-z0-9_-]{2,100}$/;
const TAG = /^[\p{L}\p{N} _.-]{2,100}$/u;

export interface DatasetInput {
  name: string;
  titleVi: string;
  titleEn: string;
  notesVi: string;
  notesEn: string;
  agencyId: string;
  licenceId: string;
  temporalStart: string | null;
  temporalEnd: string | null;
  spatialUnits: string[];
  frequency: Frequency;
  tags: string[];
  groups: string[];
  private: boolean;
}

export const DATASET_ACTIONS = {
  submit: { from: ['draft'], to: 'in_review', permission: 'opendata.manage' },
  approve: { from: ['in_review'], to: 'published', permission: 'opendata.publish' },
  return: { from: ['in_review'], to: 'draft', permission: 'opendata.publish' },
  withdraw: { from: ['published'], to: 'withdrawn', permission: 'opendata.publish' },
  reopen: { from: ['withdrawn'], to: 'draft', permission: 'opendata.manage' },
} as const satisfies Record<
  string,
  { from: readonly DatasetState[]; to: DatasetState; permission: 'opendata.manage' | 'opendata.publish' }
>;
export type DatasetAction = keyof typeof DATASET_ACTIONS;

const invalid = (field: string, vi: string, en: string) => problems.invalidField(field, { vi, en });

/** Checks what the schema cannot: the name's shape, the licence, themes, units and dates exist and agree. */
export async function checkDatasetInput(ex: Executor, d: DatasetInput): Promise<void> {
  if (!DATASET_NAME.test(d.name))
    throw invalid(
      'name',
      'Tên định danh chỉ gồm chữ thường không dấu, số, "-" và "_" (2–100 ký tự).',
      'The name must be 2–100 lowercase letters, digits, "-" or "_".',
    );
  if (!d.titleVi.trim()) throw invalid('title', 'Cần tiêu đề.', 'A title is required.');
  if (!FREQUENCIES.includes(d.frequency))
    throw invalid(
      'frequency',
      `Tần suất phải là một trong ${FREQUENCIES.join(', ')}.`,
      `Frequency must be one of ${FREQUENCIES.join(', ')}.`,
    );
  const [l] = await ex
    .select({ id: opendataLicences.id })
    .from(opendataLicences)
    .where(eq(opendataLicences.id, d.licenceId));
  if (!l) throw invalid('license_id', `Không có giấy phép "${d.licenceId}".`, `No licence "${d.licenceId}".`);
  if (d.groups.length) {
    const found = await ex
      .select({ name: opendataGroups.name })
      .from(opendataGroups)
      .where(inArray(opendataGroups.name, d.groups));
    const missing = d.groups.filter((g) => !found.some((f) => f.name === g));
    if (missing.length)
      throw invalid('groups', `Không có nhóm ${missing.join(', ')}.`, `No group ${missing.join(', ')}.`);
  }
  for (const t of d.tags)
    if (!TAG.test(t))
      throw invalid(
        'tags',
        `Thẻ "${t}" không hợp lệ (2–100 ký tự: chữ, số, khoảng trắng, - _ .).`,
        `Tag "${t}" is invalid (2–100 letters, digits, spaces, - _ .).`,
      );
  for (const [k, v] of [
    ['temporal_start', d.temporalStart],
    ['temporal_end', d.temporalEnd],
  ] as const) {
    if (v && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))))
      throw invalid(k, 'Ngày phải có dạng YYYY-MM-DD.', 'Dates are YYYY-MM-DD.');
  }
  if (d.temporalStart && d.temporalEnd && d.temporalStart > d.temporalEnd)
    throw invalid('temporal_end', 'Ngày kết thúc trước ngày bắt đầu.', 'The end is before the start.');
  for (const code of d.spatialUnits)
    if (!(await unitByCode(ex, code)))
      throw invalid('spatial', `Không có đơn vị hành chính mã ${code}.`, `No administrative unit with code ${code}.`);
}

const nameTaken = (err: unknown): never => {
  const msg = String((err as { cause?: { message?: string } })?.cause?.message ?? (err as Error)?.message ?? '');
  if (/opendata_datasets_name_uq|duplicate key/.test(msg))
    throw problems.conflict(
      { vi: 'Tên định danh đã được dùng.', en: 'That URL is already in use.' },
      {
        code: 'name-taken',
        errors: [
          {
            field: 'name',
            code: 'taken',
            message: { vi: 'Tên định danh đã được dùng.', en: 'That URL is already in use.' },
          },
        ],
      },
    );
  throw err;
};

/** The text package_search's `q` reads, computed in the database with the same unaccent as the query's words. */
export const searchText = (d: DatasetInput) =>
  sql`lower(f_unaccent(${[d.name, d.titleVi, d.titleEn, d.notesVi, d.notesEn, ...d.tags].join(' ')}))`;

const columns = (d: DatasetInput) => ({
  name: d.name,
  titleVi: d.titleVi,
  titleEn: d.titleEn,
  notesVi: d.notesVi,
  notesEn: d.notesEn,
  agencyId: d.agencyId,
  licenceId: d.licenceId,
  temporalStart: d.temporalStart,
  temporalEnd: d.temporalEnd,
  spatialUnits: d.spatialUnits,
  frequency: d.frequency,
  tags: d.tags,
  groups: d.groups,
  private: d.private,
  search: searchText(d),
});

export async function createDataset(
  tx: Executor,
  d: DatasetInput,
  by: string | null,
  opts: { systemKey?: string; state?: DatasetState } = {},
): Promise<Dataset> {
  await checkDatasetInput(tx, d);
  const state = opts.state ?? 'draft';
  const [row] = await tx
    .insert(opendataDatasets)
    .values({
      ...columns(d),
      createdBy: by,
      systemKey: opts.systemKey ?? null,
      state,
      publishedAt: state === 'published' ? new Date() : null,
    })
    .returning()
    .catch(nameTaken);
  await tx.insert(opendataDatasetActions).values({ datasetId: row!.id, action: 'create', actorId: by });
  if (state === 'published')
    await tx
      .insert(opendataDatasetActions)
      .values({ datasetId: row!.id, action: 'approve', actorId: by, note: 'published by the platform' });
  return row!;
}

export async function updateDataset(
  tx: Executor,
  before: Dataset,
  d: DatasetInput,
  by: string | null,
): Promise<Dataset> {
  await checkDatasetInput(tx, d);
  const [row] = await tx
    .update(opendataDatasets)
    .set({ ...columns(d), modifiedAt: new Date() })
    .where(eq(opendataDatasets.id, before.id))
    .returning()
    .catch(nameTaken);
  await tx.insert(opendataDatasetActions).values({ datasetId: before.id, action: 'update', actorId: by });
  return row!;
}

/** Everything the privacy scan finds in a dataset: its metadata text and each resource. */
export async function scanDataset(ex: Executor, files: Files | null, d: Dataset): Promise<Finding[]> {
  const out = scanText([d.titleVi, d.titleEn, d.notesVi, d.notesEn, ...d.tags].join('\n'), 'metadata');
  for (const r of await ex.select().from(opendataResources).where(eq(opendataResources.datasetId, d.id)))
    out.push(...(await scanResource(ex, files, r)));
  return out;
}

/** One workflow step; approving runs the privacy scan first and refuses on any finding. */
export async function performAction(
  tx: Executor,
  files: Files | null,
  d: Dataset,
  action: DatasetAction,
  by: string | null,
  note: string | null,
): Promise<Dataset> {
  const rule = DATASET_ACTIONS[action];
  if (!(rule.from as readonly string[]).includes(d.state)) {
    const allowed = Object.entries(DATASET_ACTIONS)
      .filter(([, r]) => (r.from as readonly string[]).includes(d.state))
      .map(([a]) => a);
    throw problems.conflict(
      {
        vi: `Bộ dữ liệu đang ở trạng thái ${d.state}, không thể ${action}.`,
        en: `The dataset is ${d.state}; it cannot be ${action}ed.`,
      },
      { code: 'illegal-transition', extra: { state: d.state, allowed } },
    );
  }
  if (rule.to === 'published') {
    const findings = await scanDataset(tx, files, d);
    if (findings.length) {
      throw problems.conflict(
        {
          vi: `Phát hiện ${findings.length} dấu hiệu dữ liệu cá nhân; không công bố.`,
          en: `${findings.length} signs of personal data found; not published.`,
        },
        { code: 'personal-data', extra: { findings } },
      );
    }
  }
  const now = new Date();
  const [row] = await tx
    .update(opendataDatasets)
    .set({ state: rule.to, modifiedAt: now, ...(rule.to === 'published' ? { publishedAt: now } : {}) })
    .where(eq(opendataDatasets.id, d.id))
    .returning();
  await tx.insert(opendataDatasetActions).values({ datasetId: d.id, action, actorId: by, note });
  return row!;
}

export async function datasetActions(ex: Executor, datasetId: string) {
  return ex
    .select()
    .from(opendataDatasetActions)
    .where(eq(opendataDatasetActions.datasetId, datasetId))
    .orderBy(opendataDatasetActions.id);
}
