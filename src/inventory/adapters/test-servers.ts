/**
 * Test servers that speak the tools' published APIs, for the adapters' tests and the bench: GLPI's REST API
 * (apirest.php: initSession with App-Token and user_token, Session-Token, `range` pages answered 206 with
 * Content-Range, errors as ["ERROR_CODE", "message"]) and Wazuh's server API (JWT from
 * POST /security/user/authenticate, `{ data: { affected_items, total_affected_items, ... }, error }` envelopes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export interface TestTool {
  url: string;
  requests: number;
  /** Answer every following request with this instead: an HTTP error, or bytes that are not the API's. */
  mode: 'ok' | 'garbage' | 'error';
  close(): Promise<void>;
}

async function listen(
  handler: (
    req: http.IncomingMessage,
    url: URL,
    body: string,
  ) => Promise<{ status: number; body: unknown; headers?: Record<string, string> }>,
  tool: { requests: number; mode: TestTool['mode'] },
) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      tool.requests++;
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (tool.mode === 'garbage')
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Maintenance</body></html>');
      handler(req, url, body).then(
        (r) => {
          res
            .writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...(r.headers ?? {}) })
            .end(JSON.stringify(r.body));
        },
        (e: Error) =>
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e.message })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type GlpiItem = Record<string, unknown> & { id: number };

export interface GlpiServer extends TestTool {
  appToken: string;
  userToken: string;
  items: Record<
    'Computer' | 'Item_OperatingSystem' | 'ComputerAntivirus' | 'NetworkEquipment' | 'Software',
    GlpiItem[]
  >;
}

/** A GLPI 10 REST API over the given items (dropdowns already expanded, as with expand_dropdowns=true). */
export async function startGlpi(items: Partial<GlpiServer['items']> = {}): Promise<GlpiServer> {
  const sessions = new Set<string>();
  const tool: GlpiServer = {
    url: '',
    requests: 0,
    mode: 'ok',
    appToken: randomBytes(12).toString('hex'),
    userToken: randomBytes(12).toString('hex'),
    items: {
      Computer: [],
      Item_OperatingSystem: [],
      ComputerAntivirus: [],
      NetworkEquipment: [],
      Software: [],
      ...items,
    },
    close: async () => undefined,
  };
  const err = (status: number, code: string, message: string) => ({ status, body: [code, message] });
  const { port, close } = await listen(async (req, url) => {
    if (tool.mode === 'error') return err(500, 'ERROR', 'Internal error');
    const path = url.pathname.replace(/^\/apirest\.php/, '');
    if (req.headers['app-token'] !== tool.appToken)
      return err(400, 'ERROR_WRONG_APP_TOKEN_PARAMETER', 'parameter app_token seems wrong');
    if (path === '/initSession') {
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `user_token ${tool.userToken}`)
        return err(401, 'ERROR_GLPI_LOGIN_USER_TOKEN', 'parameter user_token seems invalid');
      const token = randomBytes(16).toString('hex');
      sessions.add(token);
      return { status: 200, body: { session_token: token } };
    }
    const session = String(req.headers['session-token'] ?? '');
    if (!sessions.has(session)) return err(401, 'ERROR_SESSION_TOKEN_INVALID', 'session_token seems invalid');
    if (path === '/killSession') {
      sessions.delete(session);
      return { status: 200, body: true };
    }
    const itemtype = path.slice(1) as keyof GlpiServer['items'];
    if (!(itemtype in tool.items))
      return err(400, 'ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM', 'resource not found or not an instance of CommonDBTM');
    const withDeleted = url.searchParams.get('is_deleted') === 'true';
    const all = tool.items[itemtype].filter((i) => withDeleted || Number(i.is_deleted ?? 0) === 0);
    const [start, end] = (url.searchParams.get('range') ?? '0-49').split('-').map(Number) as [number, number];
    if (!(start >= 0 && end >= start))
      return err(400, 'ERROR_RANGE_EXCEED_TOTAL', 'Provided range exceed total count of data');
    if (all.length === 0)
      return { status: 200, body: [], headers: { 'content-range': '0-0/0', 'accept-range': `${itemtype} 1000` } };
    if (start >= all.length) return err(400, 'ERROR_RANGE_EXCEED_TOTAL', 'Provided range exceed total count of data');
    const page = all.slice(start, end + 1);
    const last = start + page.length - 1;
    return {
      status: page.length === all.length ? 200 : 206,
      body: page,
      headers: { 'content-range': `${start}-${last}/${all.length}`, 'accept-range': `${itemtype} 1000` },
    };
  }, tool);
  tool.url = `http://127.0.0.1:${port}/apirest.php`;
  tool.close = close;
  return tool;
}

export interface WazuhAgent {
  id: string;
  name: string;
  status: 'active' | 'disconnected' | 'never_connected' | 'pending';
  group?: string[];
  os: { name: string; version: string; platform: string };
  lastKeepAlive: string;
  boardSerial?: string;
  packages: { name: string; version: string; vendor?: string }[];
  rootcheckEnd?: string | null;
}
export interface WazuhServer extends TestTool {
  username: string;
  password: string;
  agents: WazuhAgent[];
}

/** A Wazuh 4.x server API: JWT (HS256) authentication and the agent and syscollector endpoints. */
export async function startWazuh(agents: WazuhAgent[] = []): Promise<WazuhServer> {
  const key = randomBytes(32);
  const tool: WazuhServer = {
    url: '',
    requests: 0,
    mode: 'ok',
    username: 'wazuh-wui',
    password: 'Wazuh-Test.2026',
    agents,
    close: async () => undefined,
  };
  const envelope = (items: unknown[], total = items.length) => ({
    status: 200,
    body: {
      data: { affected_items: items, total_affected_items: total, total_failed_items: 0, failed_items: [] },
      message: 'All selected items were returned',
      error: 0,
    },
  });
  const page = (items: unknown[], url: URL) => {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 500);
    return envelope(items.slice(offset, offset + limit), items.length);
  };
  const unauthorized = (detail: string) => ({ status: 401, body: { title: 'Unauthorized', detail } });
  const { port, close } = await listen(async (req, url) => {
    if (tool.mode === 'error')
      return { status: 500, body: { title: 'Internal Server Error', detail: 'Wazuh internal error', error: 1000 } };
    if (url.pathname === '/security/user/authenticate') {
      const basic = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (req.method !== 'POST' && req.method !== 'GET') return { status: 405, body: { title: 'Method Not Allowed' } };
      if (basic !== `${tool.username}:${tool.password}`) return unauthorized('Invalid credentials');
      const token = await new SignJWT({ rbac_roles: [1] })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('wazuh')
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(key);
      return { status: 200, body: { data: { token }, error: 0 } };
    }
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    try {
      await jwtVerify(bearer, key, { issuer: 'wazuh' });
    } catch {
      return unauthorized('No authorization token provided');
    }
    if (url.pathname === '/agents') {
      const all = [
        {
          id: '000',
          name: 'wazuh-manager',
          status: 'active',
          os: { name: 'Ubuntu', version: '22.04', platform: 'ubuntu' },
          lastKeepAlive: '9999-12-31T23:59:59+00:00',
        },
        ...tool.agents.map((a) => ({
          id: a.id,
          name: a.name,
          status: a.status,
          group: a.group ?? ['default'],
          os: a.os,
          lastKeepAlive: a.lastKeepAlive,
          ip: '10.0.0.1',
        })),
      ];
      return page(all, url);
    }
    const m = /^\/(syscollector|rootcheck)\/(\d{3,})\/(os|hardware|packages|last_scan)$/.exec(url.pathname);
    const agent = m ? tool.agents.find((a) => a.id === m[2]) : undefined;
    if (!m || !agent) return { status: 404, body: { title: 'Not Found', detail: 'Agent does not exist', error: 1701 } };
    if (m[3] === 'os')
      return page([{ os: agent.os, hostname: agent.name, architecture: 'x86_64', agent_id: agent.id }], url);
    if (m[3] === 'hardware')
      return page([{ board_serial: agent.boardSerial ?? ' ', cpu: { cores: 4 }, agent_id: agent.id }], url);
    if (m[3] === 'packages')
      return page(
        agent.packages.map((p) => ({ ...p, agent_id: agent.id, architecture: 'x86_64' })),
        url,
      );
    return page([{ start: agent.rootcheckEnd ?? null, end: agent.rootcheckEnd ?? null }], url);
  }, tool);
  tool.url = `http://127.0.0.1:${port}`;
  tool.close = close;
  return tool;
}
