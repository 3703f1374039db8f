import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig, openDatabase, migrateDatabase, type Config, type Database } from '../../src/platform/index.js';
import { createServer, WEB_DIST, type Server } from '../../src/main.js';
import { seedDatabase } from '../../src/seed.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  server: Server;
  database: Database;
  browser: Browser;
  baseUrl: string;
  page(opts?: { width?: number; height?: number; locale?: string }): Promise<Page>;
  login(page: Page, username: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the whole product as a user meets it: built web app, HTTP server, fresh demo database, Chromium.
 * `opts.config` overrides parts of the configuration (e.g. a payment gateway started by the test).
 */
export async function startE2E(opts: { config?: Partial<Config> } = {}): Promise<E2E> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('web/dist is missing: run `npm run build:web` first');
  const database = await openDatabase({});
  await migrateDatabase(database);
  await seedDatabase(database, { demo: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-e2e-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0' }, opts.config);
  const server = await createServer(config, { database });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = server.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    server,
    database,
    browser,
    baseUrl,
    async page(opts = {}) {
      const ctx = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        locale: opts.locale ?? 'vi-VN',
      });
      return ctx.newPage();
    },
    async login(page, username, password = DEMO_PASSWORD) {
      await page.goto('/login');
      // The login page arrives prerendered: typed before the app has taken it over, the text would be lost.
      await page.locator('#root[data-ready]').waitFor({ state: 'attached' });
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
    },
    async close() {
      await browser.close();
      await server.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
