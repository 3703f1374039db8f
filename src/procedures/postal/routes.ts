/**
 * Postal intake and return (bưu chính công ích, Quyết định 45/2016/QĐ-TTg): the applicant asks for the
 * result by post (the fee shown from the rates); the desk records a dossier the postal service brought;
 * the desk hands the result to the carrier, which answers a tracking code; the carrier's signed
 * callbacks move the shipment (in transit, delivered, returned to sender), each event applied once.
 */
import { and, asc, eq, ne } from 'drizzle-orm';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  can,
  errorResponses,
  Problem,
  problems,
  requireAuth,
  requirePermission,
  transact,
  unchanged,
  type App,
  type Tx,
  StringEnum,
} from '../../platform/index.js';
import { dossiers, type Dossier } from '../dossiers/schema.js';
import { findDossier, performAction, visibleDossier } from '../dossiers/service.js';
import { returnResult } from '../dossiers/actions/return.js';
import { HttpPostalCarrier, mayFollow, SIGNATURE_HEADER, verifyDeliveryEvent, type PostalCarrier } from './carrier.js';
import {
  postalEvents,
  postalRates,
  postalShipments,
  SHIPMENT_STATUSES,
  type PostalShipment,
  type ShipmentStatus,
} from './schema.js';

const tags = ['postal'];
const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const dossierWord = { vi: 'hồ sơ', en: 'Dossier' };
const shipmentWord = { vi: 'bưu gửi', en: 'Shipment' };

const ShipmentView = Type.Object({
  id: Id,
  dossierId: Id,
  direction: StringEnum(['intake', 'return'] as const),
  status: StringEnum(SHIPMENT_STATUSES, {
    description:
      'requested: đã đăng ký; handed_over: đã giao bưu chính; in_transit: đang chuyển; delivered: đã phát; returned_to_sender: chuyển hoàn',
  }),
  rateCode: Nullable(Type.String()),
  fee: Type.Integer({ description: 'cước, đồng' }),
  recipientName: Type.String(),
  recipientPhone: Nullable(Type.String()),
  address: Type.String(),
  carrier: Nullable(Type.String()),
  trackingCode: Nullable(Type.String()),
  events: Type.Array(
    Type.Object({ status: Type.String(), at: Type.String({ format: 'date-time' }), note: Nullable(Type.String()) }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

const RateView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  amount: Type.Integer({ description: 'đồng' }),
  demo: Type.Boolean(),
});

const closed = ['returned', 'refused', 'withdrawn'];

/** The carrier in use; tests and the demo may set another before the routes are registered. */
export const postalCarriers = { override: null as PostalCarrier | null };

export async function postalRoutes(app: App) {
  const { db, config } = app.ctx;
  const carrier = (): PostalCarrier | null =>
    postalCarriers.override ?? (config.postal ? new HttpPostalCarrier(config.postal) : null);

  async function view(s: PostalShipment) {
    const events = await db
      .select()
      .from(postalEvents)
      .where(eq(postalEvents.shipmentId, s.id))
      .orderBy(asc(postalEvents.id));
    return {
      id: s.id,
      dossierId: s.dossierId,
      direction: s.direction,
      status: s.status,
      rateCode: s.rateCode,
      fee: s.fee,
      recipientName: s.recipientName,
      recipientPhone: s.recipientPhone,
      address: s.address,
      carrier: s.carrier,
      trackingCode: s.trackingCode,
      events: events.map((e) => ({
        status: e.status,
        at: e.at.toISOString(),
        note: typeof e.details.note === 'string' ? e.details.note : null,
      })),
      createdAt: s.createdAt.toISOString(),
    };
  }

  const shipmentOf = async (dossierId: string, direction: 'intake' | 'return') =>
    (
      await db
        .select()
        .from(postalShipments)
        .where(
          and(
            eq(postalShipments.dossierId, dossierId),
            eq(postalShipments.direction, direction),
            ne(postalShipments.status, 'cancelled'),
          ),
        )
    )[0];

  /** The applicant of the dossier, or an officer of its desk. */
  async function applicantOrDesk(req: FastifyRequest, d: Dossier) {
    const p = requireAuth(req);
    if (d.applicantAccountId === p.accountId) return p;
    if (
      !(await can(p, 'dossiers.read', { agencyId: d.receivingAgencyId }, app.ctx.scopes)) &&
      !(await can(p, 'dossiers.read', { agencyId: d.agencyId }, app.ctx.scopes))
    )
      throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
    return requirePermission(req, 'dossiers.receive', { agencyId: d.receivingAgencyId });
  }

  app.get(
    '/api/postal/rates',
    {
      schema: {
        tags,
        summary: 'Cước chuyển phát hồ sơ, kết quả — postal rates',
        response: { 200: Type.Array(RateView) },
      },
    },
    async () =>
      db
        .select({
          code: postalRates.code,
          name: postalRates.name,
          nameEn: postalRates.nameEn,
          amount: postalRates.amount,
          demo: postalRates.demo,
        })
        .from(postalRates)
        .where(eq(postalRates.active, true))
        .orderBy(asc(postalRates.amount)),
  );

  app.get(
    '/api/dossiers/:id/postal',
    {
      schema: {
        tags,
        summary: 'Bưu gửi của hồ sơ — a dossier’s postal legs',
        params: Type.Object({ id: Id }),
        response: { 200: Type.Object({ items: Type.Array(ShipmentView) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const d = await visibleDossier(req, req.params.id);
      const rows = await db
        .select()
        .from(postalShipments)
        .where(eq(postalShipments.dossierId, d.id))
        .orderBy(asc(postalShipments.createdAt));
      return { items: await Promise.all(rows.map(view)) };
    },
  );

  app.post(
    '/api/dossiers/:id/postal-return',
    {
      schema: {
        tags,
        summary: 'Đăng ký nhận kết quả qua bưu chính công ích — ask for the result by post (the fee is the rate’s)',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            rateCode: Type.String({ minLength: 1, maxLength: 50, description: 'GET /api/postal/rates' }),
            address: Type.String({ minLength: 5, maxLength: 500 }),
            recipientName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            recipientPhone: Type.Optional(
              Type.String({ pattern: '^0[0-9]{9,10}$', description: 'Số điện thoại người nhận' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ShipmentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const d = await findDossier(db, req.params.id);
      if (!d) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
      const p = await applicantOrDesk(req, d);
      if (closed.includes(d.status))
        throw problems.conflict(
          { vi: 'Hồ sơ đã trả kết quả, đã rút hoặc bị từ chối.', en: 'The dossier is returned, withdrawn or refused.' },
          { code: 'dossier-closed' },
        );
      const [rate] = await db
        .select()
        .from(postalRates)
        .where(and(eq(postalRates.code, req.body.rateCode), eq(postalRates.active, true)));
      if (!rate)
        throw problems.invalidField(
          '/body/rateCode',
          { vi: 'Không có mức cước này.', en: 'No such rate.' },
          'unknown-rate',
        );
      if (await shipmentOf(d.id, 'return'))
        throw problems.conflict(
          { vi: 'Hồ sơ đã đăng ký nhận kết quả qua bưu chính.', en: 'The result is already to be sent by post.' },
          { code: 'postal-already-requested' },
        );
      const row = await transact(req, async (tx, audit) => {
        const [s] = await tx
          .insert(postalShipments)
          .values({
            dossierId: d.id,
            direction: 'return',
            status: 'requested',
            rateCode: rate.code,
            fee: rate.amount,
            recipientName: req.body.recipientName ?? d.applicantName,
            recipientPhone: req.body.recipientPhone ?? d.applicantPhone,
            address: req.body.address,
            createdBy: p.accountId,
          })
          .returning();
        await tx
          .insert(postalEvents)
          .values({
            shipmentId: s!.id,
            status: 'requested',
            carrier: 'platform',
            at: new Date(),
            actorId: p.accountId,
          });
        await audit({
          action: 'postal.request-return',
          targetType: 'dossier',
          targetId: d.id,
          details: { code: d.code, rateCode: rate.code, fee: rate.amount },
          scope: { agencyId: d.agencyId },
        });
        return s!;
      });
      return reply.code(201).send(await view(row));
    },
  );

  app.post(
    '/api/dossiers/:id/postal-intake',
    {
      schema: {
        tags,
        summary:
          'Ghi nhận hồ sơ do bưu chính công ích thu gom, chuyển đến — record a dossier the postal service brought to the desk',
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            trackingCode: Type.String({ pattern: '^[A-Z0-9]{6,40}$', description: 'Số hiệu bưu gửi' }),
            carrier: Type.Optional(Type.String({ minLength: 2, maxLength: 50 })),
            senderAddress: Type.String({ minLength: 5, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ShipmentView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const d = await findDossier(db, req.params.id);
      if (!d) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
      const p = await requirePermission(req, 'dossiers.receive', { agencyId: d.receivingAgencyId });
      if (await shipmentOf(d.id, 'intake'))
        throw problems.conflict(
          {
            vi: 'Hồ sơ này đã được ghi nhận nhận qua bưu chính.',
            en: 'This dossier’s postal intake is already recorded.',
          },
          { code: 'postal-intake-exists' },
        );
      const name = req.body.carrier ?? config.postal?.carrier ?? 'vnpost';
      try {
        const row = await transact(req, async (tx, audit) => {
          const [s] = await tx
            .insert(postalShipments)
            .values({
              dossierId: d.id,
              direction: 'intake',
              status: 'delivered',
              fee: 0,
              recipientName: d.applicantName,
              recipientPhone: d.applicantPhone,
              address: req.body.senderAddress,
              carrier: name,
              trackingCode: req.body.trackingCode,
              createdBy: p.accountId,
            })
            .returning();
          await tx.insert(postalEvents).values({
            shipmentId: s!.id,
            status: 'delivered',
            carrier: 'platform',
            at: new Date(),
            actorId: p.accountId,
            details: { note: 'Bộ phận một cửa nhận hồ sơ từ bưu chính' },
          });
          await audit({
            action: 'postal.intake',
            targetType: 'dossier',
            targetId: d.id,
            details: { code: d.code, trackingCode: req.body.trackingCode },
          });
          return s!;
        });
        return reply.code(201).send(await view(row));
      } catch (e) {
        if ((e as { cause?: { code?: string } }).cause?.code === '23505' || (e as { code?: string }).code === '23505')
          throw problems.conflict(
            { vi: 'Số hiệu bưu gửi này đã được dùng.', en: 'This tracking code is already used.' },
            { code: 'tracking-code-taken' },
          );
        throw e;
      }
    },
  );

  app.post(
    '/api/dossiers/:id/postal-return/handover',
    {
      schema: {
        tags,
        summary:
          'Giao kết quả cho bưu chính — hand the result to the carrier (the dossier is returned; the tracking code follows it)',
        params: Type.Object({ id: Id }),
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 200: ShipmentView, ...errorResponses(400, 401, 403, 404, 409, 502) },
      },
    },
    async (req) => {
      const d = await findDossier(db, req.params.id);
      if (!d) throw problems.notFound(dossierWord, { code: 'dossier-not-found' });
      const p = await requirePermission(req, 'dossiers.receive', { agencyId: d.receivingAgencyId });
      const s = await shipmentOf(d.id, 'return');
      if (!s) throw problems.notFound(shipmentWord, { code: 'postal-not-requested' });
      if (s.status !== 'requested')
        throw problems.conflict(
          { vi: 'Kết quả đã được giao cho bưu chính.', en: 'The result was already handed to the carrier.' },
          { code: 'already-handed-over', extra: { shipmentStatus: s.status } },
        );
      if (d.status !== 'result_ready')
        throw problems.conflict(
          { vi: 'Hồ sơ chưa có kết quả để trả.', en: 'The dossier has no result to return yet.' },
          { code: 'illegal-transition', extra: { currentStatus: d.status } },
        );
      const c = carrier();
      if (!c)
        throw problems.conflict(
          { vi: 'Chưa cấu hình đơn vị bưu chính.', en: 'No postal carrier is configured.' },
          { code: 'carrier-unavailable' },
        );
      let trackingCode: string;
      try {
        // Asked with our shipment id: a retry after a lost answer gets the same tracking code.
        ({ trackingCode } = await c.createShipment({
          reference: s.id,
          recipientName: s.recipientName,
          recipientPhone: s.recipientPhone,
          address: s.address,
          callbackUrl: `${config.publicUrl}/api/postal/callback/${encodeURIComponent(c.name)}`,
        }));
      } catch (err) {
        req.log.warn({ err }, 'postal carrier refused a shipment');
        throw new Problem({
          status: 502,
          code: 'carrier-unavailable',
          title: { vi: 'Bưu chính không phản hồi', en: 'Carrier unavailable' },
          detail: {
            vi: 'Không tạo được bưu gửi, vui lòng thử lại.',
            en: 'The carrier could not take the shipment; please try again.',
          },
        });
      }
      // The dossier's own return (its rules: the fee paid…), then the shipment's first event.
      await performAction(req, d.id, returnResult as never, {
        note: req.body.note ?? `Trả kết quả qua bưu chính, số hiệu ${trackingCode}`,
      });
      const row = await transact(req, async (tx, audit) => {
        const [u] = await tx
          .update(postalShipments)
          .set({ status: 'handed_over', carrier: c.name, trackingCode, updatedAt: new Date() })
          .where(and(eq(postalShipments.id, s.id), eq(postalShipments.status, 'requested')))
          .returning();
        if (!u)
          throw problems.conflict(
            { vi: 'Kết quả đã được giao cho bưu chính.', en: 'The result was already handed to the carrier.' },
            { code: 'already-handed-over' },
          );
        await tx.insert(postalEvents).values({
          shipmentId: s.id,
          status: 'handed_over',
          carrier: 'platform',
          at: new Date(),
          actorId: p.accountId,
          details: req.body.note ? { note: req.body.note } : {},
        });
        await audit({
          action: 'postal.handover',
          targetType: 'dossier',
          targetId: d.id,
          details: { code: d.code, trackingCode, carrier: c.name },
        });
        return u;
      });
      return view(row);
    },
  );

  // The carrier's callback: public, authenticated by its signature over the raw body.
  await app.register(async (scoped) => {
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scoped.post(
      '/api/postal/callback/:carrier',
      {
        schema: {
          tags,
          summary: 'Bưu chính báo trạng thái bưu gửi (ký HMAC) — the carrier’s signed delivery update',
          params: Type.Object({ carrier: Type.String({ minLength: 1, maxLength: 50 }) }),
          response: {
            200: Type.Object({ ok: Type.Boolean(), duplicate: Type.Boolean(), status: Type.String() }),
            ...errorResponses(400, 401, 404, 409),
          },
        },
      },
      async (req) => {
        const cfg = config.postal;
        const name = postalCarriers.override?.name ?? cfg?.carrier;
        if (!cfg || !name || (req.params as { carrier: string }).carrier !== name)
          throw problems.notFound({ vi: 'đơn vị bưu chính', en: 'Carrier' }, { code: 'carrier-not-found' });
        const v = verifyDeliveryEvent(cfg, req.headers[SIGNATURE_HEADER] as string | undefined, String(req.body ?? ''));
        if (!v.ok) {
          req.log.warn({ reason: v.reason }, 'postal callback refused');
          if (v.reason === 'malformed')
            throw problems.badRequest(
              { vi: 'Nội dung thông báo không đúng định dạng.', en: 'Malformed callback.' },
              { code: 'callback-malformed' },
            );
          throw problems.unauthorized(
            {
              vi: 'Chữ ký của đơn vị bưu chính không hợp lệ hoặc đã quá hạn.',
              en: 'Invalid or expired carrier signature.',
            },
            { code: `callback-${v.reason}` },
          );
        }
        const e = v.event;
        const out = await transact(req, async (tx, audit) => applyEvent(tx, audit, name, e));
        if (out.duplicate) unchanged(req); // a replay changes nothing and writes nothing
        return { ok: true, duplicate: out.duplicate, status: out.status };
      },
    );
  });

  async function applyEvent(
    tx: Tx,
    audit: Parameters<Parameters<typeof transact>[1]>[1],
    name: string,
    e: { eventId: string; trackingCode: string; status: ShipmentStatus; at: string; note?: string },
  ) {
    const [s] = await tx
      .select()
      .from(postalShipments)
      .where(and(eq(postalShipments.carrier, name), eq(postalShipments.trackingCode, e.trackingCode)))
      .for('update');
    if (!s) throw problems.notFound(shipmentWord, { code: 'shipment-not-found' });
    const [seen] = await tx
      .select({ id: postalEvents.id })
      .from(postalEvents)
      .where(and(eq(postalEvents.carrier, name), eq(postalEvents.eventId, e.eventId)));
    if (seen) return { duplicate: true, status: s.status };
    if (!mayFollow(s.status, e.status))
      throw problems.conflict(
        {
          vi: `Bưu gửi đang ở trạng thái ${s.status}, không thể chuyển sang ${e.status}.`,
          en: `The shipment is ${s.status}; it cannot become ${e.status}.`,
        },
        { code: 'illegal-transition', extra: { shipmentStatus: s.status } },
      );
    await tx
      .insert(postalEvents)
      .values({
        shipmentId: s.id,
        status: e.status,
        carrier: name,
        eventId: e.eventId,
        at: new Date(e.at),
        details: e.note ? { note: e.note } : {},
      });
    await tx
      .update(postalShipments)
      .set({ status: e.status, updatedAt: new Date() })
      .where(eq(postalShipments.id, s.id));
    const [d] = await tx
      .select({ agencyId: dossiers.agencyId, code: dossiers.code })
      .from(dossiers)
      .where(eq(dossiers.id, s.dossierId));
    await audit({
      action: `postal.${e.status}`,
      targetType: 'dossier',
      targetId: s.dossierId,
      details: { code: d?.code, trackingCode: e.trackingCode, eventId: e.eventId },
      actor: { id: null, label: `carrier:${name}` },
      scope: { agencyId: d!.agencyId },
    });
    return { duplicate: false, status: e.status };
  }
}
