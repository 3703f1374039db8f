/**
 * Wazuh (endpoint security: the operations centre's manager) through its server API: a JWT from
 * POST /security/user/authenticate, the agents page by page, and per agent its OS and hardware (syscollector), its
 * packages (an anti-malware product installed) and its last rootcheck scan. Every answer is the API's envelope
 * `{ data: { affected_items, total_affected_items, failed_items }, error }`; anything else fails the run.
 * An agent that reports to the manager shares its malware data with the operations centre (tiêu chí 6.3.x).
 */
import { SourceError, type DeviceFact, type Harvest } from '../facts.js';
import { fetchOnceMore, mapping, str, type AdapterContext } from './context.js';

type Item = Record<string, unknown>;
const DAY = 86_400_000;
/** Anti-malware products recognised among an agent's packages (a source's `antimalwarePattern` setting replaces it). */
export const ANTIMALWARE_PATTERN =
  'clamav|defender|antivirus|anti-virus|kaspersky|bkav|eset|sophos|symantec|trend micro|bitdefender|mcafee|cmc|sentinel|crowdstrike';

export async function harvestWazuh(ctx: AdapterContext): Promise<Harvest> {
  const { source } = ctx;
  const base = (source.baseUrl ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base))
    throw new SourceError('Nguồn Wazuh chưa có địa chỉ API.', 'The Wazuh source has no API address.');
  const basic = Buffer.from(`${str(source.settings.username) ?? ''}:${str(source.settings.password) ?? ''}`).toString(
    'base64',
  );
  const auth = await call(ctx, `${base}/security/user/authenticate`, { authorization: `Basic ${basic}` }, 'POST');
  const token = str((auth.data as Item | undefined)?.token);
  if (!token) throw new SourceError('Wazuh không trả về mã truy cập.', 'Wazuh gave no token.');
  const h = { authorization: `Bearer ${token}` };
  const items = async (path: string) => {
    const out: Item[] = [];
    for (let offset = 0; ;) {
      const sep = path.includes('?') ? '&' : '?';
      const body = await call(ctx, `${base}${path}${sep}limit=500&offset=${offset}`, h);
      const data = body.data as Item | undefined;
      const page = data?.affected_items;
      const total = Number(data?.total_affected_items);
      if (!Array.isArray(page) || !page.every((i) => i && typeof i === 'object') || !Number.isInteger(total))
        throw new SourceError(
          `Wazuh trả về dữ liệu không hợp lệ cho ${path}.`,
          `Wazuh's answer for ${path} is not its data envelope.`,
        );
      out.push(...(page as Item[]));
      offset += page.length;
      if (page.length === 0 || offset >= total) return out;
    }
  };
  const groups = mapping(source, 'groups');
  const avPattern = new RegExp(str(source.settings.antimalwarePattern) ?? ANTIMALWARE_PATTERN, 'i');
  const internet = source.settings.computersOnInternet !== false;
  const now = Date.now();
  const devices: DeviceFact[] = [];
  for (const a of await items('/agents')) {
    const id = str(a.id);
    if (!id || id === '000') continue; // 000 is the manager itself
    const groupCode = (Array.isArray(a.group) ? (a.group as unknown[]) : [])
      .map((g) => groups[String(g)])
      .find(Boolean);
    const agencyId = groupCode ? ctx.agency(groupCode) : source.agencyId;
    if (!agencyId) continue;
    const [os] = await items(`/syscollector/${id}/os`);
    const [hw] = await items(`/syscollector/${id}/hardware`);
    const packages = await items(`/syscollector/${id}/packages`);
    const [scan] = await items(`/rootcheck/${id}/last_scan`);
    const active = a.status === 'active';
    const hasAv = packages.some((p) => avPattern.test(`${str(p.name) ?? ''} ${str(p.vendor) ?? ''}`));
    const scanEnd = str(scan?.end);
    const recentScan = scanEnd ? now - new Date(scanEnd).getTime() < 7 * DAY : false;
    const osInfo = (os?.os ?? a.os ?? {}) as Item;
    const osName = str(osInfo.name);
    const platform = (str(osInfo.platform) ?? '').toLowerCase();
    const kind: DeviceFact['kind'] =
      /server/i.test(osName ?? '') || !/windows|darwin|^$/.test(platform)
        ? 'server'
        : platform === 'darwin'
          ? 'laptop'
          : 'desktop';
    const keepAlive = str(a.lastKeepAlive);
    devices.push({
      externalId: `agent:${id}`,
      agencyId,
      kind,
      name: str(a.name) ?? `agent ${id}`,
      serial: str(hw?.board_serial),
      ownerPersonId: null,
      location: null,
      osName,
      osVersion: str(osInfo.version),
      lastSeenAt: keepAlive && !Number.isNaN(new Date(keepAlive).getTime()) ? new Date(keepAlive) : null,
      antimalware: hasAv || recentScan ? (active ? 'active' : 'inactive') : 'none',
      internet,
      sharesMalwareData: active,
    });
  }
  return { batch: { devices }, report: [] };
}

async function call(ctx: AdapterContext, url: string, headers: Record<string, string>, method = 'GET'): Promise<Item> {
  let res: Response;
  try {
    res = await fetchOnceMore(ctx, url, {
      method,
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new SourceError(
      `Không kết nối được Wazuh: ${(e as Error).message}`,
      `Wazuh could not be reached: ${(e as Error).message}`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SourceError(
      `Wazuh trả về nội dung không phải JSON (HTTP ${res.status}).`,
      `Wazuh answered something that is not JSON (HTTP ${res.status}).`,
    );
  }
  const b = (body && typeof body === 'object' ? body : {}) as Item;
  if (res.status >= 400 || (b.error !== undefined && b.error !== 0)) {
    const msg = str(b.detail) ?? str(b.title) ?? str(b.message) ?? `HTTP ${res.status}`;
    throw new SourceError(`Wazuh báo lỗi: ${msg}`, `Wazuh answered an error: ${msg}`);
  }
  return b;
}
