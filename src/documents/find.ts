import { eq } from 'drizzle-orm';
import type { Executor } from '../platform/index.js';
import { documents, type Document } from './schema.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findDocument(ex: Executor, id: string): Promise<Document | undefined> {
  if (!UUID.test(id)) return undefined;
  const [d] = await ex.select().from(documents).where(eq(documents.id, id));
  return d;
}
