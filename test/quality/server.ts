import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface RunningApp {
  baseUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` as a user runs it (src/cli/start.ts, its own process, so that the measuring process does not slow the
 * server down), on the web app already built in web/dist, with the demo province loaded into a fresh temporary DATA_DIR.
 */
export async function startApp(): Promise<RunningApp> {
  if (!fs.existsSync(path.join(ROOT, 'web/dist/index.html')))
    throw new Error('web/dist is missing: run `npm run build:web` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-quality-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      TINHSO_DEMO: '1',
      // The demo's year of dossiers is made in the background after start: left out so every run sees the same demo.
      DEMO_DOSSIERS: '0',
      TINHSO_SKIP_WEB_BUILD: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready within 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs a demo account in through the API: the cookie header and the CSRF token an unsafe request needs. */
export async function apiLogin(
  baseUrl: string,
  username: string,
): Promise<{ cookie: string; headers: Record<string, string>; grants: { role: string; scopeId: string | null }[] }> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const { csrfToken, account } = (await r.json()) as {
    csrfToken: string;
    account: { grants: { role: string; scopeId: string | null }[] };
  };
  return { cookie, headers: { cookie, 'x-csrf-token': csrfToken }, grants: account.grants };
}
