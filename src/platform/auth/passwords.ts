import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's 2023 minimum (19 MiB, 2 passes): memory-hard, ~30 ms here.
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Spent on unknown usernames so timing does not reveal which accounts exist. */
let dummy: Promise<string> | undefined;
export async function burnPasswordTime(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummy, password);
}

/** Minimum policy: 8+ characters, not only digits. */
export function passwordProblems(pw: string): { vi: string; en: string } | null {
  if (pw.length < 8) return { vi: 'Mật khẩu cần ít nhất 8 ký tự.', en: 'The password needs at least 8 characters.' };
  if (/^\d+$/.test(pw)) return { vi: 'Mật khẩu không được chỉ gồm chữ số.', en: 'The password cannot be only digits.' };
  return null;
}
