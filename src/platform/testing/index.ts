import { inject } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config, type Database } from '../index.js';
import { databaseFromTemplate, type TemplateName } from './templates.js';
import { createServer, type Server } from '../../main.js';
import { SESSION_COOKIE } from '../auth/principal.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';

/** A fresh database for this test file, from the migrated template (with the demo province by default). */
export function testDatabase(template: TemplateName = 'demo'): Promise<Database> {
  return databaseFromTemplate(inject('templates'), template);
}

export interface TestServer extends Server {
  database: Database;
  /** Logs in through the API and returns a client that sends the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous: Client;
}

export interface Client {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  csrfToken?: string;
  accountId?: string;
}

function client(server: Server, base: Record<string, string>): Client {
  const request = (opts: InjectOptions) =>
    server.app.inject({ ...opts, headers: { ...base, ...(opts.headers as Record<string, string> | undefined) } });
  const withBody =
    (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown, headers?: Record<string, string>) =>
      request({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    request,
    get: (url, headers) => request({ method: 'GET', url, headers }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url, headers) => request({ method: 'DELETE', url, headers }),
  };
}

export async function testServer(
  opts: { template?: TemplateName; config?: Partial<Config> } = {},
): Promise<TestServer> {
  const database = await testDatabase(opts.template ?? 'demo');
  const config = loadConfig(
    { ...process.env, NODE_ENV: 'test', DATA_DIR: `/tmp/tinhso-test-${process.pid}` },
    opts.config,
  );
  const server = await createServer(config, { database });
  return {
    ...server,
    database,
    anonymous: client(server, {}),
    async login(username, password = DEMO_PASSWORD) {
      const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
      const body = res.json() as { csrfToken: string; account: { id: string } };
      const c = client(server, { cookie: `${SESSION_COOKIE}=${cookie.value}`, 'x-csrf-token': body.csrfToken });
      c.csrfToken = body.csrfToken;
      c.accountId = body.account.id;
      return c;
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}
