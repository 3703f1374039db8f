import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assertPortFree, lockDataDir, StartRefused } from './startup.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-datadir-'));
  dirs.push(d);
  return d;
};
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A child process of this repository (TypeScript through tsx), with its output collected. */
function child(args: string[], env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.TEST_DATABASE_URL;
  const c = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...base, TINHSO_SKIP_WEB_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(c);
  const out = { stdout: '', stderr: '' };
  c.stdout!.on('data', (b: Buffer) => (out.stdout += b.toString()));
  c.stderr!.on('data', (b: Buffer) => (out.stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => c.on('exit', (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const look = () => out.stdout.includes(text) && resolve();
      c.stdout!.on('data', look);
      look();
      void exited.then((code) => reject(new Error(`exited ${code} before printing "${text}": ${out.stderr}`)));
    });
  return { process: c, out, exited, printed };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('the data directory lock', () => {
  it('refuses a second owner at once, naming the first', async () => {
    const dir = tmpDir();
    const lock = await lockDataDir(dir, { port: 3100 });
    const second = lockDataDir(dir, { port: 3101 });
    await expect(second).rejects.toBeInstanceOf(StartRefused);
    await expect(second).rejects.toThrow(new RegExp(`pid ${process.pid} .*port 3100`));
    await expect(second).rejects.toThrow(/Thư mục dữ liệu .* đang được một tiến trình Tỉnh số khác sử dụng/);
    await lock.release();
    // Released, it is free again.
    await (await lockDataDir(dir, { port: 3102 })).release();
  });

  it('a lock left by a process killed with -9 does not block the next start for longer than its stale time', async () => {
    const dir = tmpDir();
    const holder = child([
      '--input-type=module',
      '-e',
      `import { lockDataDir } from ${JSON.stringify(path.join(ROOT, 'src/platform/db/startup.ts'))};
      await lockDataDir(${JSON.stringify(dir)}, { port: 3200 }, { staleMs: 2000 }); console.log('locked'); setInterval(() => {}, 1000);`,
    ]);
    await holder.printed('locked');
    await expect(lockDataDir(dir, { port: 3201 }, { staleMs: 2000 })).rejects.toThrow(/port 3200/);
    holder.process.kill('SIGKILL');
    await holder.exited;
    const started = Date.now();
    const lock = await lockDataDir(dir, { port: 3201 }, { staleMs: 2000 });
    expect(Date.now() - started).toBeLessThan(6000);
    await lock.release();
  });
});

describe('npm start', () => {
  it('checks the port before it touches the database: a clear message, no migration, no stack', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    await expect(assertPortFree(port, '127.0.0.1')).rejects.toBeInstanceOf(StartRefused);
    const dir = tmpDir();
    const start = child(['src/cli/start.ts'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      TINHSO_DEMO: '0',
    });
    expect(await start.exited).toBe(1);
    busy.close();
    expect(start.out.stderr).toContain(`Cổng ${port} trên 127.0.0.1 đang được tiến trình khác dùng`);
    expect(start.out.stderr).toContain(`Port ${port} at 127.0.0.1 is in use by another process`);
    expect(start.out.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a second process on the same data directory, naming the first, which keeps running', async () => {
    const dir = tmpDir();
    const [port1, port2] = [await freePort(), await freePort()];
    const first = child(['src/cli/start.ts'], {
      PORT: String(port1),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      TINHSO_DEMO: '0',
    });
    await first.printed('running at');
    const second = child(['src/cli/start.ts'], {
      PORT: String(port2),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      TINHSO_DEMO: '0',
    });
    expect(await second.exited).toBe(1);
    expect(second.out.stderr).toContain(`pid ${first.process.pid}`);
    expect(second.out.stderr).toContain(`port ${port1}`);
    expect(second.out.stderr).toContain('is in use by another Tỉnh số process');
    expect((await fetch(`http://127.0.0.1:${port1}/ready`)).status).toBe(200);
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Stopped cleanly, it left the directory free.
    expect(fs.existsSync(path.join(dir, 'tinhso.lock'))).toBe(false);
  }, 120_000);
});
