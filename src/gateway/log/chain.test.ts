import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rowHash, type StoredRow } from './chain.js';
import { canonicalJson } from '../../platform/index.js';

/** The hash every linked row has had: sha256 of the canonical JSON of the row's document. */
const reference = (r: StoredRow) =>
  crypto
    .createHash('sha256')
    .update(
      canonicalJson({
        seq: Number(r.seq),
        requestId: r.request_id,
        at: new Date(r.at).toISOString(),
        consumerId: r.consumer_id,
        serviceId: r.service_id,
        memberCode: r.member_code,
        serviceCode: r.service_code,
        method: r.method,
        path: r.path,
        status: Number(r.status),
        outcome: r.outcome,
        refusal: r.refusal,
        bytesIn: Number(r.bytes_in),
        bytesOut: Number(r.bytes_out),
        latencyMs: Number(r.latency_ms),
        requestSha256: r.request_sha256,
        responseSha256: r.response_sha256,
        requestBody: r.request_body,
        responseBody: r.response_body,
        traceId: r.trace_id,
      }),
    )
    .digest('hex');

const row: StoredRow = {
  seq: '42',
  request_id: 'req-"quoted"\\ünïcode',
  at: '2026-12-06T13:00:00.123Z',
  consumer_id: null,
  service_id: '00000000-0000-0000-0000-000000000001',
  member_code: 'bộ.công-an',
  service_code: 'dân-cư',
  method: 'GET',
  path: '/công-dân/0123?q=\u2028\u0000',
  status: 200,
  outcome: 'forwarded',
  refusal: null,
  bytes_in: '0',
  bytes_out: 1234,
  latency_ms: 1.2345678,
  request_sha256: 'a'.repeat(64),
  response_sha256: 'b'.repeat(64),
  request_body: null,
  response_body: 'sealed:xyz',
  trace_id: 'c'.repeat(32),
};

describe('rowHash', () => {
  it('hashes the same bytes as the canonical JSON of the row, so chains linked before still verify', () => {
    expect(rowHash(row)).toBe(reference(row));
    const refused = { ...row, status: 403, outcome: 'refused', refusal: 'no-access-rule', response_body: null };
    expect(rowHash(refused)).toBe(reference(refused));
    expect(rowHash({ ...row, at: new Date('2026-01-01T00:00:00Z') })).toBe(
      reference({ ...row, at: new Date('2026-01-01T00:00:00Z') }),
    );
  });
});
