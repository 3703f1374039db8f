/**
 * `npm run setup`: first-run setup from a terminal — choose the province (one of the 34 of 2025), load its communes and
 * standard agencies, create the first administrator. Interactive in a terminal; scriptable with flags:
 *
 *   npm run setup -- --province=<code|name> --admin-name="Nguyễn Văn A" --admin-login=quantri \
 *                    (--admin-password-file=PATH | --admin-password-env=VAR) [--admin-email=…]
 *
 * Works on DATABASE_URL, or on the PGlite database in DATA_DIR when no server holds it (a running server owns its
 * directory: use its first-run page with the code it printed, or stop it). Exit code 0: set up; 1: refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import {
  appendAudit,
  loadConfig,
  lockDataDir,
  migrateDatabase,
  openConfiguredDatabase,
  StartRefused,
  withStartupLock,
  type Database,
} from '../platform/index.js';
import {
  completeSetup,
  installedProvince,
  SetupError,
  setupInputProblems,
  type SetupInput,
} from '../platform/setup/index.js';
import { findProvince, PROVINCES_2025 } from '../directory/index.js';
import { seedDatabase } from '../seed.js';

const USAGE = `Cài đặt lần đầu — first-run setup:
  npm run setup                      hỏi từng bước — asks step by step (in a terminal)
  npm run setup -- --province=<mã|tên> --admin-name=<họ tên> --admin-login=<tên đăng nhập>
                   (--admin-password-file=<tệp> | --admin-password-env=<biến>) [--admin-email=<thư>]
    --province   mã 2 chữ số hoặc tên tỉnh (2025) — the 2-digit code or name of the province (e.g. 04, "Cao Bằng")
    --list       liệt kê 34 tỉnh, thành phố — list the 34 provinces`;

export interface SetupIo {
  /** Asks one question; `secret` hides the typed text. Absent: no terminal, flags only. */
  ask?: (question: string, secret?: boolean) => Promise<string>;
  print: (line: string) => void;
}

/** Runs the setup on an open, migrated database. Returns the exit code. */
export async function runSetup(
  database: Database,
  argv: string[],
  io: SetupIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<0 | 1> {
  const { values } = parseArgs({
    args: argv,
    options: {
      province: { type: 'string' },
      'admin-name': { type: 'string' },
      'admin-login': { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password-file': { type: 'string' },
      'admin-password-env': { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return (io.print(USAGE), 0);
  if (values.list) {
    for (const p of PROVINCES_2025)
      io.print(`  ${p.code}  ${p.type === 'tinh' ? 'Tỉnh' : 'Thành phố'} ${p.name} — ${p.communes} xã, phường`);
    return 0;
  }
  const done = await installedProvince(database.db);
  if (done) {
    io.print(
      `Hệ thống đã được cài đặt cho tỉnh mã ${done.provinceCode}${done.demo ? ' (dữ liệu mẫu)' : ''}; không làm gì thêm.\nAlready set up (province ${done.provinceCode}${done.demo ? ', demo' : ''}); nothing was changed.`,
    );
    return 1;
  }

  let password: string | undefined;
  if (values['admin-password-file'])
    password = fs.readFileSync(values['admin-password-file'], 'utf8').replace(/\r?\n$/, '');
  else if (values['admin-password-env']) password = env[values['admin-password-env']];

  const ask = io.ask;
  let province = values.province;
  if (!province && ask) {
    io.print('Các tỉnh, thành phố (từ 1/7/2025) — the provinces:');
    for (const p of PROVINCES_2025) io.print(`  ${p.code}  ${p.name}`);
    for (;;) {
      province = await ask('Tỉnh (mã hoặc tên) — province (code or name): ');
      const p = findProvince(province);
      if (p) {
        io.print(`  → ${p.type === 'tinh' ? 'Tỉnh' : 'Thành phố'} ${p.name}: ${p.communes} xã, phường — communes`);
        break;
      }
      io.print('  Không tìm thấy — not found.');
    }
  }
  const displayName =
    values['admin-name'] ?? (ask ? await ask('Họ tên người quản trị — administrator’s name: ') : undefined);
  const username = values['admin-login'] ?? (ask ? await ask('Tên đăng nhập — login: ') : undefined);
  const email =
    values['admin-email'] ??
    (ask ? (await ask('Thư điện tử (có thể bỏ trống) — e-mail (optional): ')) || undefined : undefined);
  if (password === undefined && ask) {
    for (;;) {
      const first = await ask('Mật khẩu — password: ', true);
      const again = await ask('Nhập lại — again: ', true);
      if (first === again) {
        password = first;
        break;
      }
      io.print('  Hai lần không khớp — they differ.');
    }
  }
  const input: SetupInput = {
    province: province ?? '',
    admin: { displayName: displayName ?? '', username: username ?? '', password: password ?? '', email },
  };
  const problems = setupInputProblems(input);
  if (problems.length) {
    io.print('Chưa cài đặt được — not set up:');
    for (const p of problems)
      io.print(
        `  --${p.name.replace('admin.', 'admin-').replace('displayName', 'name').replace('username', 'login')}: ${p.message.vi} — ${p.message.en}`,
      );
    if (!ask) io.print(`\n${USAGE}`);
    return 1;
  }
  try {
    const r = await database.db.transaction((tx) =>
      completeSetup(tx, input, { via: 'cli', audit: (e) => appendAudit(tx, e) }),
    );
    io.print(
      [
        `Đã cài đặt — set up: ${r.provinceName} (${r.provinceCode})`,
        `  ${r.communes} xã, phường — communes; ${r.agencies} cơ quan — agencies (dữ liệu ban đầu, sửa được — editable starting data)`,
        `  Người quản trị — administrator: ${r.username}`,
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    io.print(`${e.text.vi}\n${e.text.en}`);
    return 1;
  }
}

/** readline prompts; a secret answer is not echoed. */
function terminalIo(): SetupIo & { close(): void } {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return {
    print: (l) => console.log(l),
    ask: async (q, secret) => {
      if (!secret) return (await rl.question(q)).trim();
      process.stdout.write(q);
      muted = true;
      try {
        return (await rl.question('')).trim();
      } finally {
        if (muted) process.stdout.write('\n');
        muted = false;
      }
    },
    close: () => rl.close(),
  };
}

async function main() {
  const config = loadConfig();
  const argv = process.argv.slice(2);
  let lock: Awaited<ReturnType<typeof lockDataDir>> | null = null;
  if (!config.databaseUrl) {
    try {
      lock = await lockDataDir(config.dataDir, { port: 0 });
    } catch (err) {
      if (!(err instanceof StartRefused)) throw err;
      console.error(
        `\nMáy chủ đang chạy trên thư mục dữ liệu ${config.dataDir}: mở ${config.publicUrl}/setup và nhập mã in trong cửa sổ của máy chủ, hoặc dừng máy chủ rồi chạy lại lệnh này.\n` +
          `A server is running on ${config.dataDir}: open ${config.publicUrl}/setup with the code it printed, or stop it and run this again.\n`,
      );
      process.exit(1);
    }
  }
  const database = await openConfiguredDatabase(config);
  const interactive = process.stdin.isTTY && process.stdout.isTTY;
  const io = interactive ? terminalIo() : { print: (l: string) => console.log(l) };
  let code: 0 | 1 = 1;
  try {
    // A database no server ever started: migrate and load the reference data (never the demo) first.
    await withStartupLock(database, async () => {
      await migrateDatabase(database);
      await seedDatabase(database, { demo: false });
    });
    code = await runSetup(database, argv, io);
  } finally {
    if ('close' in io) io.close();
    await database.close();
    await lock?.release();
  }
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
