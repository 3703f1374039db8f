/**
 * Official documents (issue #11), on one PostgreSQL in one run:
 * - full-text search over BENCH_DOCUMENTS documents (default 500,000): GET /api/documents?q=… (diacritic-insensitive,
 *   typo-tolerant, over metadata and PDF text), median and p95 of BENCH_QUERIES queries, and of as many queries with
 *   a mistyped word, next to a bare baseline in the same run: the same number of plain indexed lookups (documents by
 *   primary key) straight over pg;
 * - issue throughput: the clerk numbering approved documents of one register concurrently (number allocation, the
 *   appendix I PDF rendered and stored, audit), documents per second.
 * Usage: npm run bench:documents   (BENCH_PG, BENCH_DOCUMENTS, BENCH_QUERIES, BENCH_ISSUES)
 */
import pg from 'pg';
import { freshDatabase, login, serverUrl, startServers } from './support/run.js';

const total = Number(process.env.BENCH_DOCUMENTS ?? 500_000);
const queries = Number(process.env.BENCH_QUERIES ?? 60);
const issues = Number(process.env.BENCH_ISSUES ?? 100);
const dbUrl = await freshDatabase('tinhso_bench_documents');
const servers = await startServers(dbUrl);
const db = new pg.Client({ connectionString: dbUrl });
await db.connect();
const agencyId = (await db.query<{ id: string }>(`SELECT id FROM agencies WHERE key = 'STP'`)).rows[0]!.id;

// Summaries and bodies from a small Vietnamese vocabulary, so that words repeat as in a real register.
const t0 = Date.now();
await db.query(
  `INSERT INTO documents (direction, agency_id, type_code, status, summary, content, registered_at, sender_name, original_number_symbol, text_state)
   SELECT 'incoming', $1, (ARRAY['CV','QĐ','KH','BC','TB','GM','TTr'])[1 + i % 7], 'completed',
     (ARRAY['V/v','Về việc','Báo cáo','Kế hoạch','Thông báo'])[1 + i % 5] || ' ' ||
     (ARRAY['chuyển đổi số','cải cách hành chính','lý lịch tư pháp','đất đai','xây dựng','y tế','giáo dục','du lịch','an toàn thông tin','dữ liệu mở'])[1 + (i / 7) % 10] || ' ' ||
     (ARRAY['năm 2025','quý I','quý II','tháng 6','tại phường Phú Xuân','của thành phố Huế','trên địa bàn tỉnh'])[1 + (i / 70) % 7] || ' số ' || i,
     'Nội dung văn bản số ' || i || ': ' || (ARRAY['triển khai','tổng hợp','đề nghị','hướng dẫn','kiểm tra'])[1 + i % 5] || ' ' ||
     (ARRAY['hồ sơ công việc','văn bản điện tử','chữ ký số','trục liên thông','cơ sở dữ liệu'])[1 + (i / 5) % 5] || ' theo Nghị định 30/2020/NĐ-CP.',
     now() - (i || ' minutes')::interval, 'Cơ quan gửi ' || (i % 300), i || '/CQ-' || (i % 300), 'text'
   FROM generate_series(1, $2::int) AS i`,
  [agencyId, total],
);
await db.query('ANALYZE documents');
console.log(
  `PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}: ${total} documents inserted in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);

const ms = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms   p95 ${s[Math.floor(s.length * 0.95)]!.toFixed(1)} ms`;
};
const admin = await login(servers.app, 'admin');
const words = [
  'chuyen doi so',
  'cai cach hanh chinh',
  'ly lich tu phap',
  'an toan thong tin',
  'du lieu mo',
  'chữ ký số',
  'truc lien thong',
  'dat dai quy II',
  'chuyen doi sô',
  'ly lich tư phap',
];
const ids = (await db.query<{ id: string }>(`SELECT id FROM documents ORDER BY random() LIMIT $1`, [queries])).rows.map(
  (r) => r.id,
);
// Typos no document holds as typed: corrected through the vocabulary of the documents' words (src/documents/search.ts).
const typos = ['an toan thong tim', 'chuyen doj so', 'cai cach hanh chinhh', 'ly lich tu phapp', 'du lieu moo'];
const search = async (q: string) => {
  const a = performance.now();
  const r = await fetch(`${servers.app}/api/documents?q=${encodeURIComponent(q)}&limit=20`, { headers: admin });
  if (!r.ok) throw new Error(`search: ${r.status} ${await r.text()}`);
  const found = (await r.json()) as { items: unknown[]; total: number; totalCapped: boolean };
  if (!found.items.length) throw new Error(`search "${q}" found nothing`);
  return { ms: performance.now() - a, found };
};
const ours: number[] = [];
const typoTimes: number[] = [];
const bare: number[] = [];
let capped = 0;
for (let i = 0; i < queries; i++) {
  const r = await search(words[i % words.length]!);
  ours.push(r.ms);
  if (r.found.totalCapped) capped++;
  typoTimes.push((await search(typos[i % typos.length]!)).ms);
  const b = performance.now();
  await db.query('SELECT id, summary, number_symbol FROM documents WHERE id = $1', [ids[i]]);
  bare.push(performance.now() - b);
}
console.log(`search GET /api/documents?q= over ${total} documents (${queries} queries)   ${ms(ours)}`);
console.log(`  the same with a typo in a word (corrected, ${queries} queries)             ${ms(typoTimes)}`);
console.log(`  ${capped} of ${queries} searches matched over 1,000 documents (counted up to 1,000)`);
console.log(`bare baseline: indexed lookup by id over pg (same run)          ${ms(bare)}`);

// Issue throughput: a clerk of the department numbering approved documents of one register, concurrently.
const clerkName = `vanthu.bench${Date.now() % 100000}`;
const made = await fetch(`${servers.app}/api/directory/people`, {
  method: 'POST',
  headers: { ...admin, 'content-type': 'application/json' },
  body: JSON.stringify({
    username: clerkName,
    displayName: 'Văn thư bench',
    password: 'Bench-Password@2026',
    agencyId,
    grants: [{ role: 'clerk', scopeKind: 'agency', scopeId: agencyId }],
  }),
});
if (made.status !== 201) throw new Error(`clerk: ${made.status} ${await made.text()}`);
const clerk = await login(servers.app, clerkName, 'Bench-Password@2026');
const approved = (
  await db.query<{ id: string }>(
    `INSERT INTO documents (direction, agency_id, type_code, status, summary, body, registered_at, signer_name, signer_title)
     SELECT 'outgoing', $1, 'QĐ', 'approved', 'Quyết định thử ' || i, 'Điều 1. Nội dung quyết định.', now(), 'Lê Văn Lãnh Đạo', 'GIÁM ĐỐC' FROM generate_series(1, $2::int) i RETURNING id`,
    [agencyId, issues],
  )
).rows.map((r) => r.id);
const t1 = performance.now();
const answers = await Promise.all(
  approved.map((id) =>
    fetch(`${servers.app}/api/documents/${id}/actions/number`, {
      method: 'POST',
      headers: { ...clerk, 'content-type': 'application/json' },
      body: '{}',
    }),
  ),
);
const elapsed = (performance.now() - t1) / 1000;
const bad = answers.filter((r) => r.status !== 200).length;
if (bad) throw new Error(`${bad} numberings failed`);
const numbers = (
  await db.query<{ n: number }>(`SELECT number AS n FROM documents WHERE id = ANY($1) ORDER BY number`, [approved])
).rows.map((r) => r.n);
const consecutive = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
console.log(
  `issue (number + appendix I PDF + audit), ${issues} concurrent in one register: ${(issues / elapsed).toFixed(1)} documents/s; numbers ${numbers[0]}..${numbers.at(-1)} consecutive: ${consecutive}`,
);

// Issue and send: the same documents, signed (the bench skips the signing step: bench:documents-signing measures it),
// addressed to the Department of Construction; the clerk issues each and sends it, concurrently. Sending writes the
// edXML envelope to the exchange's outbox in the same transaction; its delivery is the exchange job's work after.
const builder = (
  await db.query<{ id: string; name: string }>(`SELECT id, name FROM agencies WHERE name LIKE 'Sở Xây dựng%' LIMIT 1`)
).rows[0];
if (!builder) throw new Error('no Department of Construction in the demo');
await db.query(`UPDATE documents SET status = 'signed', recipients = $2::jsonb WHERE id = ANY($1)`, [
  approved,
  JSON.stringify([{ name: builder.name, agencyId: builder.id }]),
]);
const act = (id: string, action: string) =>
  fetch(`${servers.app}/api/documents/${id}/actions/${action}`, {
    method: 'POST',
    headers: { ...clerk, 'content-type': 'application/json' },
    body: '{}',
  });
const t2 = performance.now();
const sent = await Promise.all(
  approved.map(async (id) => {
    const i = await act(id, 'issue');
    if (i.status !== 200) return `issue ${i.status} ${await i.text()}`;
    const r = await act(id, 'send');
    return r.status === 200 ? null : `send ${r.status} ${await r.text()}`;
  }),
);
const sendElapsed = (performance.now() - t2) / 1000;
const failed = sent.filter(Boolean);
if (failed.length) throw new Error(`${failed.length} issue-and-send failed: ${failed[0]}`);
const queued = (
  await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM document_exchange_messages WHERE document_id = ANY($1) AND direction = 'out' AND kind = 'edoc'`,
    [approved],
  )
).rows[0]!.n;
console.log(
  `issue + send (edXML envelope queued), ${issues} concurrent: ${(issues / sendElapsed).toFixed(1)} documents/s; ${queued} envelopes in the outbox`,
);

await db.end();
servers.child.kill('SIGTERM');
