/**
 * Lookup by code without login (tra cứu hồ sơ): where a dossier stands and when it is due. Nothing
 * personal: no applicant, no form, no papers, no names of the staff, no notes (they may quote the applicant).
 */
import { sql, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, preparedStatement, problems, type App } from '../../platform/index.js';
import { clock } from '../dossiers/clock.js';
import { isLate } from '../dossiers/late.js';
import type { DossierStatus } from '../dossiers/statuses.js';
import { Nullable, StatusSchema } from '../dossiers/views.js';

const Time = Nullable(Type.String({ format: 'date-time' }));

export const PublicDossier = Type.Object(
  {
    code: Type.String(),
    status: StatusSchema,
    procedure: Type.Object({ code: Type.String(), name: Type.String() }),
    agency: Type.Object({ code: Type.String(), name: Type.String() }),
    receivingAgency: Type.Object({ code: Type.String(), name: Type.String() }),
    submittedAt: Type.String({ format: 'date-time' }),
    receivedAt: Time,
    dueAt: Time,
    newDueAt: Time,
    completedAt: Time,
    returnedAt: Time,
    paused: Type.Boolean(),
    late: Type.Boolean(),
    timeline: Type.Array(
      Type.Object({ action: Type.String(), at: Type.String({ format: 'date-time' }), status: StatusSchema }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

type Stamp = string | null;

interface Row {
  code: string;
  status: DossierStatus;
  submitted_at: Stamp;
  received_at: Stamp;
  due_at: Stamp;
  new_due_at: Stamp;
  completed_at: Stamp;
  returned_at: Stamp;
  paused_since: Stamp;
  procedure_code: string;
  procedure_name: string;
  agency_code: string;
  agency_name: string;
  receiving_code: string;
  receiving_name: string;
  timeline: unknown;
}

/**
 * An instant as ISO 8601 text in UTC, as Date.toISOString() writes it, formatted by the database: the
 * answer needs text, and parsing eight timestamps into Dates only to print them again is most of what
 * this busiest public request would spend in JavaScript.
 */
const isoText = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const date = (v: string | null): Date | null => (v === null ? null : new Date(v));

/** One round trip, planned once per connection: the lookup is the most frequent public request. */
const lookup = preparedStatement<Row, { code: string }>(
  'public_dossier_lookup',
  sql`SELECT d.code, d.status, ${isoText(sql`d.submitted_at`)} AS submitted_at, ${isoText(sql`d.received_at`)} AS received_at, ${isoText(sql`d.due_at`)} AS due_at,
             ${isoText(sql`d.new_due_at`)} AS new_due_at, ${isoText(sql`d.completed_at`)} AS completed_at, ${isoText(sql`d.returned_at`)} AS returned_at,
             ${isoText(sql`d.paused_since`)} AS paused_since,
             p.code AS procedure_code, p.name AS procedure_name, a.code AS agency_code, a.name AS agency_name, r.code AS receiving_code, r.name AS receiving_name,
             (SELECT coalesce(json_agg(json_build_object('action', x.action, 'at', ${isoText(sql`x.at`)}, 'status', x.to_status) ORDER BY x.seq), '[]'::json)
                FROM dossier_actions x WHERE x.dossier_id = d.id) AS timeline
      FROM dossiers d
      JOIN procedures p ON p.id = d.procedure_id
      JOIN agencies a ON a.id = d.agency_id
      JOIN agencies r ON r.id = d.receiving_agency_id
      WHERE d.code = ${sql.placeholder('code')}`,
);

export async function publicRoutes(app: App) {
  const database = app.ctx.database;
  app.get(
    '/api/public/dossiers/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'Tra cứu hồ sơ theo mã (không cần đăng nhập) — look a dossier up by its code, no personal data',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) }),
        response: { 200: PublicDossier, ...errorResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const [d] = await lookup(database, { code: req.params.code.trim() });
      if (!d) throw problems.notFound({ vi: `hồ sơ mã ${req.params.code}`, en: `Dossier ${req.params.code}` }, { code: 'dossier-not-found' });
      const timeline = (typeof d.timeline === 'string' ? JSON.parse(d.timeline) : d.timeline) as { action: string; at: string; status: DossierStatus }[];
      reply.header('cache-control', 'no-store');
      return {
        code: d.code,
        status: d.status,
        procedure: { code: d.procedure_code, name: d.procedure_name },
        agency: { code: d.agency_code, name: d.agency_name },
        receivingAgency: { code: d.receiving_code, name: d.receiving_name },
        submittedAt: d.submitted_at!,
        receivedAt: d.received_at,
        dueAt: d.due_at,
        newDueAt: d.new_due_at,
        completedAt: d.completed_at,
        returnedAt: d.returned_at,
        paused: d.paused_since !== null,
        late: isLate({ dueAt: date(d.due_at), completedAt: date(d.completed_at), pausedSince: date(d.paused_since) }, clock.now()),
        timeline,
      };
    },
  );
}
