/**
 * The facts an adapter hands to the import: one shape per kind, whatever the tool. An adapter that sends a kind's
 * list sends all of it (a full listing), so what it no longer sends is marked gone; a kind it does not send is left
 * alone, so a source never touches facts it did not send.
 */
import { createHash } from 'node:crypto';
import type { Antimalware, AppCategory, DeviceKind, NetworkKind, ReportRow } from './schema.js';

export interface DeviceFact {
  externalId: string;
  agencyId: string;
  kind: DeviceKind;
  name: string;
  serial: string | null;
  ownerPersonId: string | null;
  location: string | null;
  osName: string | null;
  osVersion: string | null;
  lastSeenAt: Date | null;
  antimalware: Antimalware;
  internet: boolean;
  sharesMalwareData: boolean;
}
export interface NetworkFact {
  externalId: string;
  agencyId: string;
  kind: NetworkKind;
  level: number | null;
  provider: string | null;
  bandwidthMbps: number | null;
}
export interface SystemFact {
  externalId: string;
  agencyId: string;
  name: string;
  purpose: string | null;
  hosting: string | null;
  publicUrl: string | null;
  dataHeld: string | null;
  personalData: boolean;
  securityLevel: number | null;
  approvalDocumentId: string | null;
  approvalNumber: string | null;
  approvalDate: string | null;
  reviewDate: string | null;
  sharesMalwareData: boolean;
}
export interface ApplicationFact {
  externalId: string;
  agencyId: string;
  category: AppCategory;
  name: string;
  vendor: string | null;
  version: string | null;
}
export interface DatabaseFact {
  externalId: string;
  agencyId: string;
  name: string;
  sector: string | null;
  catalogueEntry: string | null;
}

export interface Batch {
  devices?: DeviceFact[];
  networks?: NetworkFact[];
  systems?: SystemFact[];
  applications?: ApplicationFact[];
  databases?: DatabaseFact[];
}
export type FactKind = keyof Batch;
export const FACT_KINDS: FactKind[] = ['devices', 'networks', 'systems', 'applications', 'databases'];

/** What an adapter read: the facts, and the rows it could not take (a run with any such row imports nothing). */
export interface Harvest {
  batch: Batch;
  report: ReportRow[];
}

/** A source that answered errors or garbage: the run fails with this reason and nothing changes. */
export class SourceError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** The same fact twice gives the same print: an unchanged fact is not written again (a second run changes nothing). */
export function fingerprint(fact: object): string {
  const norm = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
  const keys = Object.keys(fact).sort();
  return createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, norm((fact as Record<string, unknown>)[k])])))
    .digest('base64url')
    .slice(0, 27);
}

export const row = (at: string, problem: string, vi: string, en: string): ReportRow => ({ at, problem, vi, en });
