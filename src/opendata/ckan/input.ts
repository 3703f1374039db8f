/** A CKAN package dictionary, as package_create/package_update receive it, read into our dataset input. */
import { problems, type Executor } from '../../platform/index.js';
import { agencyByOrg } from '../catalog.js';
import type { DatasetInput } from '../datasets.js';
import type { Dataset, Frequency } from '../schema.js';

const invalid = (field: string, en: string, vi: string) => problems.invalidField(field, { vi, en });
const str = (v: unknown, field: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(field, `${field} must be a string.`, `${field} phải là chuỗi.`);
  return v;
};

/** Names from CKAN's list of dictionaries ([{name: "x"}]) or plain strings. */
function names(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(field, `${field} must be a list.`, `${field} phải là danh sách.`);
  return v.map((x, i) => {
    const n =
      typeof x === 'string' ? x : ((x as { name?: unknown; id?: unknown })?.name ?? (x as { id?: unknown })?.id);
    if (typeof n !== 'string' || !n.trim())
      throw invalid(`${field}/${i}`, `Each of ${field} needs a name.`, `Mỗi mục của ${field} cần tên.`);
    return n.trim();
  });
}

/** Reads a package dict; `base` is the dataset being patched (missing keys keep its values) or null for create/update. */
export async function packageInput(
  ex: Executor,
  body: Record<string, unknown>,
  base: Dataset | null,
): Promise<DatasetInput> {
  const extras = new Map<string, string>();
  if (body.extras !== undefined) {
    if (!Array.isArray(body.extras))
      throw invalid('extras', 'extras must be a list of {key, value}.', 'extras phải là danh sách {key, value}.');
    for (const e of body.extras as { key?: unknown; value?: unknown }[])
      if (typeof e?.key === 'string') extras.set(e.key, String(e.value ?? ''));
  }
  const pick = (key: string) => str(body[key], key) ?? extras.get(key);
  const ownerOrg = pick('owner_org');
  let agencyId = base?.agencyId;
  if (ownerOrg) {
    const a = await agencyByOrg(ex, ownerOrg);
    if (!a) throw invalid('owner_org', `Organization does not exist: ${ownerOrg}`, `Không có tổ chức ${ownerOrg}.`);
    agencyId = a.id;
  }
  if (!agencyId) throw invalid('owner_org', 'An organization must be provided', 'Cần cơ quan sở hữu (owner_org).');
  const name = pick('name') ?? base?.name;
  if (!name) throw invalid('name', 'Missing value', 'Thiếu tên định danh (name).');
  const title = pick('title') ?? base?.titleVi ?? name;
  const spatial = pick('spatial_units');
  const priv = body.private;
  if (priv !== undefined && typeof priv !== 'boolean' && priv !== 'true' && priv !== 'false')
    throw invalid('private', 'private must be true or false.', 'private phải là true hoặc false.');
  return {
    name,
    titleVi: title,
    titleEn: pick('title_en') ?? base?.titleEn ?? title,
    notesVi: pick('notes') ?? base?.notesVi ?? '',
    notesEn: pick('notes_en') ?? base?.notesEn ?? '',
    agencyId,
    licenceId: pick('license_id') ?? base?.licenceId ?? 'VN-OGL-1.0',
    temporalStart: pick('temporal_start') ?? base?.temporalStart ?? null,
    temporalEnd: pick('temporal_end') ?? base?.temporalEnd ?? null,
    spatialUnits:
      spatial !== undefined
        ? spatial
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : (base?.spatialUnits ?? []),
    frequency: (pick('frequency') ?? base?.frequency ?? 'irregular') as Frequency,
    tags: names(body.tags, 'tags') ?? base?.tags ?? [],
    groups: names(body.groups, 'groups') ?? base?.groups ?? [],
    private: priv === undefined ? (base?.private ?? false) : priv === true || priv === 'true',
  };
}
