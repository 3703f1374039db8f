/**
 * From a fresh data directory, as an IT department would start it: `TINHSO_DEMO=0 npm start` prints a one-time code;
 * the first-run page, opened with that code, sets up An Giang and its first administrator, who logs in. Nothing of
 * the Huế demo is served, and the first-run page is gone afterwards.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './harness.js';
import { WEB_DIST } from '../../src/main.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let server: ChildProcess;
let browser: Browser;
let dataDir: string;
let baseUrl: string;
let code: string;
let stdout = '';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('web/dist is missing: run `npm run build:web` first');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-setup-e2e-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    TINHSO_DEMO: '0',
    TINHSO_SKIP_WEB_BUILD: '1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  delete env.DATABASE_URL;
  delete env.VITEST;
  server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  code = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (b: Buffer) => {
      stdout += b.toString();
      const m = /one-time setup code: ([A-Z0-9-]+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (c) =>
      reject(new Error(`the server exited (${c}) before printing a setup code:\n${stdout}\n${stderr}`)),
    );
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGINT');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('first run without the demo', () => {
  it('prints the banner once, with the code and no demo logins', () => {
    expect(stdout.match(/Tỉnh số đang chạy/g)).toHaveLength(1);
    expect(stdout).not.toMatch(/TinhSo@2026|demo logins/);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it('sets up An Giang through the first-run page; its administrator logs in; no Huế anywhere', async () => {
    const ctx = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto('/setup');
    await page.getByTestId('setup-code').fill(code);
    await page.getByTestId('setup-province').selectOption('91');
    await page.getByTestId('setup-preview').waitFor();
    await expect(page.getByTestId('setup-preview').textContent()).resolves.toMatch(/xã, phường/);
    await page.getByTestId('setup-name').fill('Trần Thị Quản Trị');
    await page.getByTestId('setup-login-name').fill('quantri');
    await page.getByTestId('setup-password').fill('AnGiang@2026');
    await page.getByTestId('setup-password2').fill('AnGiang@2026');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-success').waitFor();
    await expect(page.getByTestId('setup-success').textContent()).resolves.toMatch(/tỉnh An Giang/);

    await page.getByTestId('setup-login').click();
    await page.getByTestId('login-username').fill('quantri');
    await page.getByTestId('login-password').fill('AnGiang@2026');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const me = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
    expect(JSON.stringify(me)).toContain('quantri');

    const api = async (p: string) =>
      page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, body: await r.text() };
      }, p);
    expect(JSON.parse((await api('/api/geo/units.geojson')).body)).toEqual({ type: 'FeatureCollection', features: [] });
    expect(JSON.parse((await api('/api/directory/agencies?q=Hu%E1%BA%BF')).body).total).toBe(0);
    expect(JSON.parse((await api('/api/directory/agencies?q=An%20Giang')).body).total).toBeGreaterThan(10);
    expect(JSON.parse((await api('/api/procedures')).body).total).toBe(0);
    expect((await api('/api/setup')).status).toBe(410);

    await page.goto('/setup');
    await page.getByTestId('setup-gone').waitFor();
    await ctx.close();
  });
});
