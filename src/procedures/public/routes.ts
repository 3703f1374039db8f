/**
 * Lookup by code without login (tra cứu hồ sơ): where a dossier stands and when it is due. Nothing
 * personal: no applicant, no form, no papers, no names of the staff, no notes (they may quote the applicant).
 */
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, preparedRows, problems, type App } from '../../platform/index.js';
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
    timeline: Type.Array(Type.Object({ action: Type.String(), at: Type.String({ format: 'date-time' }), status: StatusSchema }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

type Stamp = Date | string | null;

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

/** Raw rows give timestamps as Date (pg) or text (PGlite, json): both read as the instant they name. */
const date = (v: Stamp): Date | null => (v === null ? null : v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(v) ? v : `${v}Z`));
const iso = (v: Stamp) => date(v)?.toISOString() ?? null;

export async function publicRoutes(app: App) {
  const database = app.ctx.database;
  app.get('/api/public/dossiers/:code', {
    schema: {
      tags: ['public'],
      summary: 'Tra cứu hồ sơ theo mã (không cần đăng nhập) — look a dossier up by its code, no personal data',
      params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) }),
      response: { 200: PublicDossier, ...errorResponses(400, 404) },
    },
  }, async (req, reply) => {
    // One round trip, planned once per connection: the lookup is the most frequent public request.
    const [d] = await preparedRows<Row>(
      database,
      'public_dossier_lookup',
      sql`SELECT d.code, d.status, d.submitted_at, d.received_at, d.due_at, d.new_due_at, d.completed_at, d.returned_at, d.paused_since,
                 p.code AS procedure_code, p.name AS procedure_name, a.code AS agency_code, a.name AS agency_name, r.code AS receiving_code, r.name AS receiving_name,
                 (SELECT coalesce(json_agg(json_build_object('action', x.action, 'at', x.at, 'status', x.to_status) ORDER BY x.seq), '[]'::json)
                    FROM dossier_actions x WHERE x.dossier_id = d.id) AS timeline
          FROM dossiers d
          JOIN procedures p ON p.id = d.procedure_id
          JOIN agencies a ON a.id = d.agency_id
          JOIN agencies r ON r.id = d.receiving_agency_id
          WHERE d.code = ${req.params.code.trim()}`,
    );
    if (!d) throw problems.notFound({ vi: `hồ sơ mã ${req.params.code}`, en: `Dossier ${req.params.code}` }, { code: 'dossier-not-found' });
    const timeline = (typeof d.timeline === 'string' ? JSON.parse(d.timeline) : d.timeline) as { action: string; at: string; status: DossierStatus }[];
    const dueAt = date(d.due_at);
    reply.header('cache-control', 'no-store');
    return {
      code: d.code,
      status: d.status,
      procedure: { code: d.procedure_code, name: d.procedure_name },
      agency: { code: d.agency_code, name: d.agency_name },
      receivingAgency: { code: d.receiving_code, name: d.receiving_name },
      submittedAt: date(d.submitted_at)!.toISOString(),
      receivedAt: iso(d.received_at),
      dueAt: iso(d.due_at),
      newDueAt: iso(d.new_due_at),
      completedAt: iso(d.completed_at),
      returnedAt: iso(d.returned_at),
      paused: d.paused_since !== null,
      late: isLate({ dueAt, completedAt: date(d.completed_at), pausedSince: date(d.paused_since) }, clock.now()),
      // Timestamps inside json come back as text without a zone marker normalised: re-read them as instants.
      timeline: timeline.map((a) => ({ action: a.action, at: date(a.at)!.toISOString(), status: a.status })),
    };
  });
}
