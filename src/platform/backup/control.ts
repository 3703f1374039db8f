import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { dumpPglite } from './snapshot.js';

/**
 * One process owns an embedded PGlite directory, so `npm run backup` cannot open it while the server runs. The server
 * answers on a Unix socket inside DATA_DIR instead: whoever may read that directory may ask it for a copy of the
 * database (the same files they could copy, taken consistently). Nothing else is spoken on it.
 */
export const CONTROL_SOCKET = 'control.sock';
/** sockaddr_un holds 108 bytes on Linux. */
const MAX_SOCKET_PATH = 100;

export interface ControlServer {
  close(): Promise<void>;
}

export async function listenControl(dataDir: string, db: PGlite, log: Logger): Promise<ControlServer | null> {
  const sock = path.join(dataDir, CONTROL_SOCKET);
  if (sock.length > MAX_SOCKET_PATH) {
    log.warn(
      { sock },
      'DATA_DIR path too long for the backup socket: `npm run backup` works only while the server is stopped',
    );
    return null;
  }
  // This process holds the data directory's lock: a socket file left here is a dead process's.
  fs.rmSync(sock, { force: true });
  const server = net.createServer((conn) => {
    conn.setTimeout(30_000, () => conn.destroy());
    conn.once('data', (chunk) => {
      if (chunk.toString('utf8').trim() !== 'snapshot') return conn.end('{"error":"unknown request"}\n');
      void dumpPglite(db).then(
        async ({ dump, takenAt }) => {
          const bytes = Buffer.from(await dump.arrayBuffer());
          conn.write(`${JSON.stringify({ size: bytes.length, takenAt: takenAt.toISOString() })}\n`);
          conn.end(bytes);
          log.info({ bytes: bytes.length }, 'database copy handed to a backup over the control socket');
        },
        (err: unknown) => {
          log.error({ err }, 'database copy for a backup failed');
          conn.end(`${JSON.stringify({ error: (err as Error).message })}\n`);
        },
      );
    });
    conn.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sock, () => resolve());
  });
  fs.chmodSync(sock, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(sock, { force: true });
      }),
  };
}

/** A copy of the database from the server running on `dataDir`, or null when none answers there. */
export async function requestSnapshotCopy(dataDir: string): Promise<{ dump: Blob; takenAt: Date } | null> {
  const sock = path.join(dataDir, CONTROL_SOCKET);
  if (!fs.existsSync(sock)) return null;
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(sock);
    const parts: Buffer[] = [];
    conn.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? resolve(null) : reject(err),
    );
    conn.once('connect', () => conn.write('snapshot\n'));
    conn.on('data', (c: Buffer) => parts.push(c));
    conn.once('end', () => {
      const all = Buffer.concat(parts);
      const nl = all.indexOf(0x0a);
      let head: { size?: number; takenAt?: string; error?: string };
      try {
        head = JSON.parse(all.subarray(0, nl).toString('utf8')) as typeof head;
      } catch {
        return reject(new Error('the server answered the backup socket with something unreadable'));
      }
      if (head.error) return reject(new Error(`the server could not copy its database: ${head.error}`));
      const body = all.subarray(nl + 1);
      if (body.length !== head.size)
        return reject(new Error(`the database copy arrived incomplete (${body.length} of ${head.size} bytes)`));
      resolve({ dump: new Blob([body]), takenAt: new Date(head.takenAt!) });
    });
  });
}
