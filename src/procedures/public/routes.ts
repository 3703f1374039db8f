/**
 * Lookup by code without login (tra cứu hồ sơ): no more than the national portal shows, its status,
 * its dates (received, appointment, returned) and the handling agency. Not the procedure (it can say
 * much about a person: a divorce, a criminal record), not the steps, the staff or their notes. Codes
 * are sequential, so the lookup is limited per client address (LOOKUP_RATE_*) to slow enumeration.
 */
import { sql, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  hitStatement,
  limitsClock,
  preparedStatement,
  problems,
  Reservations,
  reservationSize,
  tooManyRequests,
  type App,
} from '../../platform/index.js';
import { clock } from '../dossiers/clock.js';
import { isLate } from '../dossiers/late.js';
import type { DossierStatus } from '../dossiers/statuses.js';
import { Nullable, StatusSchema } from '../dossiers/views.js';

const Time = Nullable(Type.String({ format: 'date-time' }));

export const PublicDossier = Type.Object(
  {
    code: Type.String(),
    status: StatusSchema,
    /** The handling agency (cơ quan giải quyết). */
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    receivedAt: Time,
    /** The appointment (ngày hẹn trả), and a later one set with an apology. */
    dueAt: Time,
    newDueAt: Time,
    returnedAt: Time,
    paused: Type.Boolean(),
    late: Type.Boolean(),
  },
  { additionalProperties: false },
);

type Stamp = string | null;

interface Row {
  code: string;
  status: DossierStatus;
  received_at: Stamp;
  due_at: Stamp;
  new_due_at: Stamp;
  completed_at: Stamp;
  returned_at: Stamp;
  paused_since: Stamp;
  agency_code: string;
  agency_name: string;
}

/**
 * An instant as ISO 8601 text in UTC, as Date.toISOString() writes it, formatted by the database: the
 * answer needs text, and parsing timestamps into Dates only to print them again is most of what this
 * busiest public request would spend in JavaScript.
 */
const isoText = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const date = (v: string | null): Date | null => (v === null ? null : new Date(v));

const byCode = sql`SELECT d.code, d.status, ${isoText(sql`d.received_at`)} AS received_at, ${isoText(sql`d.due_at`)} AS due_at,
             ${isoText(sql`d.new_due_at`)} AS new_due_at, ${isoText(sql`d.completed_at`)} AS completed_at, ${isoText(sql`d.returned_at`)} AS returned_at,
             ${isoText(sql`d.paused_since`)} AS paused_since, a.code AS agency_code, a.name AS agency_name
      FROM dossiers d
      JOIN agencies a ON a.id = d.agency_id
      WHERE d.code = ${sql.placeholder('code')}`;

/** One round trip, planned once per connection: the lookup is the most frequent public request. */
const lookup = preparedStatement<Row, { code: string }>('public_dossier_lookup', byCode);

/**
 * The same lookup counting the client's hits in the same round trip, when this process has none of
 * them reserved: the counter's row (an unlogged table, so no wait for the disk) and the dossier, which
 * is read only while the client is within its limit.
 */
const lookupCounted = preparedStatement<Partial<Row> & { hits: number; reset_ms: number }, Record<string, unknown>>(
  'public_dossier_lookup_counted',
  sql`WITH hit AS (${hitStatement()})
      SELECT hit.hits, hit.reset_ms, x.* FROM hit
      LEFT JOIN LATERAL (${byCode}) x ON hit.hits - ${sql.placeholder('limitCost')}::int < ${sql.placeholder('limitMax')}::int`,
);

export async function publicRoutes(app: App) {
  const { database, config } = app.ctx;
  const reserved = new Reservations();
  app.get(
    '/api/public/dossiers/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'Tra cứu hồ sơ theo mã (không cần đăng nhập) — look a dossier up by its code: status, dates, agency',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) }),
        response: { 200: PublicDossier, ...errorResponses(400, 404, 429) },
      },
    },
    async (req, reply) => {
      const code = req.params.code.trim();
      const rule = config.lookupRateLimit;
      const key = `public.dossier-lookup:${req.ip}`;
      const now = limitsClock.now();
      let d: Row | undefined;
      if (reserved.take(key, now.getTime())) [d] = await lookup(database, { code });
      else {
        const cost = reservationSize(rule);
        const values = {
          code,
          limitKey: key,
          limitCost: cost,
          limitMax: rule.max,
          limitWindowMs: rule.timeWindowMs,
          limitNow: now.toISOString(),
        };
        const [r] = await lookupCounted(database, values);
        const answer = { hits: Number(r!.hits), resetMs: Number(r!.reset_ms) };
        if (!reserved.settle(key, answer, cost, rule)) {
          throw tooManyRequests(reply, answer.resetMs - now.getTime(), {
            vi: 'Bạn đã tra cứu quá nhiều hồ sơ.',
            en: 'Too many lookups.',
          });
        }
        d = r!.code ? (r as Row) : undefined;
      }
      if (!d)
        throw problems.notFound(
          { vi: `hồ sơ mã ${req.params.code}`, en: `Dossier ${req.params.code}` },
          { code: 'dossier-not-found' },
        );
      reply.header('cache-control', 'no-store');
      return {
        code: d.code,
        status: d.status,
        agency: { code: d.agency_code, name: d.agency_name },
        receivedAt: d.received_at,
        dueAt: d.due_at,
        newDueAt: d.new_due_at,
        returnedAt: d.returned_at,
        paused: d.paused_since !== null,
        late: isLate(
          { dueAt: date(d.due_at), completedAt: date(d.completed_at), pausedSince: date(d.paused_since) },
          clock.now(),
        ),
      };
    },
  );
}
