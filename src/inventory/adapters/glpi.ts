/**
 * GLPI (the open-source IT asset manager) through its REST API (apirest.php): a session from the user's and the
 * application's tokens, then computers, their operating systems and antivirus, network equipment and software, page
 * by page (`range`, answered 206 with Content-Range until the last page). Deleted items (GLPI's trash) are not listed,
 * so they are marked gone here.
 */
import { SourceError, row, type ApplicationFact, type DeviceFact, type Harvest } from '../facts.js';
import type { ReportRow } from '../schema.js';
import { appCategory, fetchOnceMore, mapping, str, type AdapterContext } from './context.js';

type Item = Record<string, unknown> & { id: number };

export async function harvestGlpi(ctx: AdapterContext): Promise<Harvest> {
  const { source } = ctx;
  const base = (source.baseUrl ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base))
    throw new SourceError('Nguồn GLPI chưa có địa chỉ API.', 'The GLPI source has no API address.');
  const appToken = str(source.settings.appToken);
  const userToken = str(source.settings.userToken);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(appToken ? { 'App-Token': appToken } : {}),
  };
  const init = await call(ctx, `${base}/initSession`, { ...headers, authorization: `user_token ${userToken ?? ''}` });
  const session = str((init.body as { session_token?: unknown } | null)?.session_token);
  if (!session) throw new SourceError('GLPI không trả về phiên làm việc.', 'GLPI gave no session token.');
  const h = { ...headers, 'Session-Token': session };
  try {
    const computers = await list(ctx, base, 'Computer', h);
    const osRows = await list(ctx, base, 'Item_OperatingSystem', h);
    const avRows = await list(ctx, base, 'ComputerAntivirus', h);
    const equipment = await list(ctx, base, 'NetworkEquipment', h);
    const software = await list(ctx, base, 'Software', h);
    return toFacts(ctx, { computers, osRows, avRows, equipment, software });
  } finally {
    await ctx.fetch(`${base}/killSession`, { headers: h }).catch(() => undefined);
  }
}

async function call(ctx: AdapterContext, url: string, headers: Record<string, string>) {
  let res: Response;
  try {
    res = await fetchOnceMore(ctx, url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new SourceError(
      `Không kết nối được GLPI: ${(e as Error).message}`,
      `GLPI could not be reached: ${(e as Error).message}`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new SourceError(
      `GLPI trả về nội dung không phải JSON (HTTP ${res.status}).`,
      `GLPI answered something that is not JSON (HTTP ${res.status}).`,
    );
  }
  if (res.status >= 400) {
    // GLPI's errors are ["ERROR_CODE", "message"].
    const msg = Array.isArray(body) ? body.filter((x) => typeof x === 'string').join(': ') : `HTTP ${res.status}`;
    throw new SourceError(`GLPI báo lỗi: ${msg}`, `GLPI answered an error: ${msg}`);
  }
  return { status: res.status, body, contentRange: res.headers.get('content-range') };
}

async function list(
  ctx: AdapterContext,
  base: string,
  itemtype: string,
  headers: Record<string, string>,
): Promise<Item[]> {
  const size = Math.min(Math.max(Number(ctx.source.settings.pageSize) || 500, 1), 5000);
  const out: Item[] = [];
  for (let start = 0; ; start += size) {
    const url = `${base}/${itemtype}?expand_dropdowns=true&range=${start}-${start + size - 1}`;
    let r;
    try {
      r = await call(ctx, url, headers);
    } catch (e) {
      // Past the last item GLPI answers 400 ERROR_RANGE_EXCEED_TOTAL; an empty list answers 200 [].
      if (start > 0 && e instanceof SourceError && e.en.includes('ERROR_RANGE_EXCEED_TOTAL')) break;
      throw e;
    }
    if (!Array.isArray(r.body) || !r.body.every((i) => i && typeof i === 'object' && Number.isInteger((i as Item).id)))
      throw new SourceError(
        `GLPI trả về danh sách ${itemtype} không hợp lệ.`,
        `GLPI's ${itemtype} list is not a list of items with ids.`,
      );
    out.push(...(r.body as Item[]));
    const total = r.contentRange ? Number(/\/(\d+)$/.exec(r.contentRange)?.[1]) : NaN;
    if (r.status === 200 || r.body.length === 0 || !Number.isFinite(total) || start + size >= total) break;
  }
  return out;
}

function kindOf(type: string | null): DeviceFact['kind'] {
  const t = (type ?? '').toLowerCase();
  if (/laptop|notebook|xách tay/.test(t)) return 'laptop';
  if (/tablet|máy tính bảng/.test(t)) return 'tablet';
  if (/server|máy chủ/.test(t)) return 'server';
  return 'desktop';
}

function toFacts(
  ctx: AdapterContext,
  d: { computers: Item[]; osRows: Item[]; avRows: Item[]; equipment: Item[]; software: Item[] },
): Harvest {
  const { source } = ctx;
  const entities = mapping(source, 'entities');
  const report: ReportRow[] = [];
  const agencyOf = (i: Item): string | null => {
    const ent = str(i.entities_id);
    if (!ent) return source.agencyId;
    const last = ent.split('>').pop()!.trim();
    const code = entities[ent] ?? entities[last];
    if (code) {
      const id = ctx.agency(code);
      if (!id)
        report.push(
          row(
            `${i.id}`,
            'unknown-agency',
            `Thực thể “${ent}” trỏ tới mã cơ quan không có: ${code}.`,
            `Entity “${ent}” maps to an unknown agency code: ${code}.`,
          ),
        );
      return id;
    }
    return ctx.agency(last) ?? source.agencyId;
  };
  const os = new Map<number, { name: string | null; version: string | null }>();
  for (const o of d.osRows)
    if (o.itemtype === 'Computer')
      os.set(Number(o.items_id), { name: str(o.operatingsystems_id), version: str(o.operatingsystemversions_id) });
  const av = new Map<number, 'active' | 'inactive'>();
  for (const a of d.avRows) {
    if (Number(a.is_deleted) === 1) continue;
    const id = Number(a.computers_id ?? a.items_id);
    if (Number(a.is_active) === 1) av.set(id, 'active');
    else if (!av.has(id)) av.set(id, 'inactive');
  }
  const internet = source.settings.computersOnInternet !== false;
  const devices: DeviceFact[] = [];
  for (const c of d.computers) {
    if (Number(c.is_template) === 1) continue;
    const agencyId = agencyOf(c);
    if (!agencyId) continue;
    const user = str(c.users_id);
    const seen = str(c.last_inventory_update) ?? str(c.date_mod);
    devices.push({
      externalId: `Computer:${c.id}`,
      agencyId,
      kind: kindOf(str(c.computertypes_id)),
      name: str(c.name) ?? `Computer ${c.id}`,
      serial: str(c.serial),
      ownerPersonId: user ? ctx.person(user) : null,
      location: str(c.locations_id),
      osName: os.get(c.id)?.name ?? null,
      osVersion: os.get(c.id)?.version ?? null,
      lastSeenAt: glpiDate(seen),
      antimalware: av.get(c.id) ?? 'none',
      internet,
      sharesMalwareData: false,
    });
  }
  for (const n of d.equipment) {
    const agencyId = agencyOf(n);
    if (!agencyId) continue;
    devices.push({
      externalId: `NetworkEquipment:${n.id}`,
      agencyId,
      kind: 'network',
      name: str(n.name) ?? `NetworkEquipment ${n.id}`,
      serial: str(n.serial),
      ownerPersonId: null,
      location: str(n.locations_id),
      osName: null,
      osVersion: null,
      lastSeenAt: glpiDate(str(n.date_mod)),
      antimalware: 'unknown',
      internet: false,
      sharesMalwareData: false,
    });
  }
  const applications: ApplicationFact[] = [];
  for (const s of d.software) {
    if (Number(s.is_deleted) === 1) continue;
    const name = str(s.name);
    const category = name ? appCategory(source, `${name} ${str(s.softwarecategories_id) ?? ''}`) : null;
    const agencyId = agencyOf(s);
    if (!name || !category || !agencyId) continue;
    applications.push({
      externalId: `Software:${s.id}`,
      agencyId,
      category,
      name,
      vendor: str(s.manufacturers_id),
      version: null,
    });
  }
  return { batch: { devices, applications }, report };
}

/** GLPI writes local times without a zone ("2026-11-30 08:15:00"): the server's zone, taken as Vietnam time. */
function glpiDate(s: string | null): Date | null {
  if (!s) return null;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}
