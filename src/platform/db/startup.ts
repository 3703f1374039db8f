/**
 * What `npm start` checks before it touches the database: that its port is free, and that no other
 * process owns the embedded database's directory (two PGlite processes on the same files lose data);
 * and, on PostgreSQL, that instances starting together migrate and seed one after the other.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Database } from './client.js';

/** A start refused for a reason the person starting it can act on; `message` says it in both languages. */
export class StartRefused extends Error {}

/** Who holds a data directory, as written beside its lock. */
export interface DataDirOwner {
  pid: number;
  hostname: string;
  port: number;
  startedAt: string;
}

export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK = 'tinhso.lock';
const OWNER = 'tinhso.lock.json';

/** Whether a process of this machine is running (EPERM: it is, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(dir: string): DataDirOwner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, OWNER), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
}

function lockedMessage(dir: string, owner: DataDirOwner | null): string {
  const who = owner
    ? {
        vi: `pid ${owner.pid} trên máy ${owner.hostname}, cổng ${owner.port}, từ ${owner.startedAt}`,
        en: `pid ${owner.pid} on ${owner.hostname}, port ${owner.port}, since ${owner.startedAt}`,
      }
    : { vi: 'không rõ tiến trình', en: 'process unknown' };
  return [
    `Thư mục dữ liệu ${dir} đang được một tiến trình Tỉnh số khác sử dụng (${who.vi}). Hãy dừng tiến trình đó, hoặc đặt DATA_DIR khác, hoặc dùng PostgreSQL (DATABASE_URL) để chạy nhiều tiến trình.`,
    `The data directory ${dir} is in use by another Tỉnh số process (${who.en}). Stop that process, or set another DATA_DIR, or use PostgreSQL (DATABASE_URL) to run several processes.`,
  ].join('\n');
}

/**
 * Takes the data directory for this process (a lock directory kept fresh while the process lives, so
 * one left by a process killed with -9 goes stale after `staleMs` and is taken over then). A directory
 * held by a live process is refused at once, naming it; one held by a process of this machine that
 * is gone is waited for until its lock is stale. `onCompromised` runs if another process took the lock
 * over all the same (this one was frozen longer than `staleMs`): this one must stop writing.
 */
export async function lockDataDir(
  dir: string,
  me: { port: number },
  opts: { staleMs?: number; onCompromised?: (err: Error) => void } = {},
): Promise<DataDirLock> {
  const staleMs = Math.max(2000, opts.staleMs ?? 10_000);
  fs.mkdirSync(dir, { recursive: true });
  // Loaded here: it hooks process exit and signals (to remove its locks), which only a start needs.
  const { default: lockfile } = await import('proper-lockfile');
  const take = () =>
    lockfile.lock(dir, {
      lockfilePath: path.join(dir, LOCK),
      realpath: false,
      stale: staleMs,
      onCompromised: opts.onCompromised ?? ((err) => void process.stderr.write(`${err.message}\n`)),
    });
  const deadline = Date.now() + staleMs + 2000;
  for (;;) {
    try {
      const release = await take();
      const owner: DataDirOwner = {
        pid: process.pid,
        hostname: os.hostname(),
        port: me.port,
        startedAt: new Date().toISOString(),
      };
      fs.writeFileSync(path.join(dir, OWNER), JSON.stringify(owner));
      return {
        async release() {
          fs.rmSync(path.join(dir, OWNER), { force: true });
          await release().catch(() => {});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const owner = readOwner(dir);
      // A crashed owner's lock stops being refreshed and is taken over once stale; an owner not named
      // yet is one that has just taken the lock. Either is waited for; a live owner is not.
      const live = owner !== null && !(owner.hostname === os.hostname() && !processAlive(owner.pid));
      if (live || Date.now() > deadline) throw new StartRefused(lockedMessage(dir, owner));
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Refuses to go on when `port` is taken, before anything is migrated or seeded. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (!port) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES' ? new StartRefused(portMessage(port, host, err.code)) : err,
      );
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function portMessage(port: number, host: string, code = 'EADDRINUSE'): string {
  return code === 'EACCES'
    ? `Không được phép mở cổng ${port} trên ${host}; hãy đặt PORT khác (từ 1024).\nNot allowed to listen on port ${port} at ${host}; set another PORT (1024 or above).`
    : `Cổng ${port} trên ${host} đang được tiến trình khác dùng; hãy dừng nó hoặc đặt PORT khác.\nPort ${port} at ${host} is in use by another process; stop it or set another PORT.`;
}

/**
 * Runs `fn` (migrations, seeds) while holding a PostgreSQL advisory lock, so instances starting
 * together on one database take turns; the lock goes with its connection if the process dies.
 */
export async function withStartupLock<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (!database.pool) return fn();
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['tinhso.startup']);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['tinhso.startup']).catch(() => {});
    client.release();
  }
}
