import { and, eq, inArray, or } from 'drizzle-orm';
import sharp from 'sharp';
import { holdExpiry, problems, type Executor } from '../platform/index.js';
import { feedbackUploads } from './schema.js';

/** Public copies are at most this many pixels on their longer side. */
export const PUBLIC_MAX_PX = 1600;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/**
 * The public copy of a photo (ảnh công khai): turned upright, resized, re-encoded as JPEG with no
 * metadata at all — no EXIF GPS position, camera serial, owner name, or embedded thumbnail. sharp
 * writes no metadata unless asked to, so the copy carries only pixels.
 */
export async function publicCopy(original: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const { data, info } = await sharp(original, { failOn: 'error', limitInputPixels: 100_000_000 })
      .rotate()
      .resize({ width: PUBLIC_MAX_PX, height: PUBLIC_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw problems.unsupported(
      { vi: 'Ảnh bị hỏng hoặc không đọc được.', en: 'The image is damaged or cannot be read.' },
      { code: 'image-unreadable' },
    );
  }
}

export interface Uploader {
  accountId: string | null;
  phone: string | null;
}

/**
 * The public copies of photos the uploader sent through /api/feedback/photos, in the given order.
 * A photo someone else uploaded, or one never uploaded, is a 400: a report may not borrow files.
 */
export async function ownUploads(
  ex: Executor,
  originals: readonly string[],
  who: Uploader,
  field: string,
): Promise<{ original: string; public: string }[]> {
  if (!originals.length) return [];
  // The caller names these photos in a report: their expiry (unattached uploads) waits for its transaction.
  await holdExpiry(ex);
  const owner = [
    who.accountId ? eq(feedbackUploads.accountId, who.accountId) : undefined,
    who.phone ? eq(feedbackUploads.phone, who.phone) : undefined,
  ].filter((c) => c !== undefined);
  const rows = owner.length
    ? await ex
        .select({ original: feedbackUploads.originalSha256, public: feedbackUploads.publicSha256 })
        .from(feedbackUploads)
        .where(and(inArray(feedbackUploads.originalSha256, [...originals]), or(...owner)))
    : [];
  const found = new Map(rows.map((r) => [r.original, r.public]));
  const missing = originals.filter((o) => !found.has(o));
  if (missing.length) {
    throw problems.invalidField(
      field,
      { vi: `Ảnh chưa được tải lên: ${missing.join(', ')}.`, en: `Photo not uploaded by you: ${missing.join(', ')}.` },
      'photo-unknown',
    );
  }
  return [...new Set(originals)].map((o) => ({ original: o, public: found.get(o)! }));
}
