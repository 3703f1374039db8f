/**
 * Operational monitoring (giám sát vận hành): the alert job looks at each provider's recent window in the exchange
 * log; when its error rate or its 95th-percentile latency crosses the service's threshold (columns of the service,
 * edited by its administrator) over at least `alertMinCalls` calls, an alert is recorded once per service, kind and
 * window, e-mailed to GATEWAY_ALERT_EMAIL and logged for the operations centre.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Db, queueEmail } from '../platform/index.js';
import type { GatewayConfig } from './config.js';

interface WindowRow {
  service_id: string;
  code: string;
  name: string;
  alert_error_rate: number;
  alert_p95_ms: number;
  calls: number | string;
  errors: number | string;
  p95: number | null;
}

export async function checkAlerts(db: Db, config: GatewayConfig, log: Logger, now = new Date()): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / config.alertWindowMs) * config.alertWindowMs);
  const since = new Date(now.getTime() - config.alertWindowMs);
  const rows = await queryRows<WindowRow>(
    db,
    sql`SELECT s.id AS service_id, s.code, s.name, s.alert_error_rate, s.alert_p95_ms, count(*) AS calls,
               count(*) FILTER (WHERE l.status >= 500 OR l.outcome = 'upstream-error') AS errors,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY l.latency_ms) AS p95
          FROM gateway_exchange_log l JOIN gateway_services s ON s.id = l.service_id
         WHERE l.at > ${since.toISOString()}::timestamptz AND l.at <= ${now.toISOString()}::timestamptz AND l.outcome <> 'refused'
         GROUP BY s.id`,
  );
  let raised = 0;
  for (const r of rows) {
    const calls = Number(r.calls);
    if (calls < config.alertMinCalls) continue;
    const rate = Number(r.errors) / calls;
    const found: { kind: string; value: number; threshold: number; vi: string }[] = [];
    if (rate > r.alert_error_rate)
      found.push({
        kind: 'error-rate',
        value: rate,
        threshold: r.alert_error_rate,
        vi: `tỷ lệ lỗi ${(rate * 100).toFixed(1)}% (ngưỡng ${(r.alert_error_rate * 100).toFixed(1)}%)`,
      });
    if (r.p95 !== null && Number(r.p95) > r.alert_p95_ms)
      found.push({
        kind: 'latency-p95',
        value: Number(r.p95),
        threshold: r.alert_p95_ms,
        vi: `độ trễ p95 ${Math.round(Number(r.p95))} ms (ngưỡng ${r.alert_p95_ms} ms)`,
      });
    for (const f of found) {
      await db.transaction(async (tx) => {
        const ins = await queryRows<{ id: number }>(
          tx,
          sql`INSERT INTO gateway_alerts (service_id, kind, value, threshold, calls, window_start) VALUES (${r.service_id}, ${f.kind}, ${f.value}, ${f.threshold}, ${calls}, ${windowStart.toISOString()}::timestamptz)
              ON CONFLICT (service_id, kind, window_start) DO NOTHING RETURNING id`,
        );
        if (!ins.length) return;
        raised++;
        log.warn(
          { service: r.code, kind: f.kind, value: f.value, threshold: f.threshold, calls },
          'gateway alert: provider crossed its threshold',
        );
        if (config.alertEmail)
          await queueEmail(tx, {
            to: config.alertEmail,
            subject: `[LGSP] Cảnh báo dịch vụ ${r.name}: ${f.kind}`,
            text: `Dịch vụ ${r.name} (${r.code}) có ${f.vi} trên ${calls} lượt gọi trong ${Math.round(config.alertWindowMs / 60000)} phút gần nhất.\nService ${r.code}: ${f.kind} ${f.value} over threshold ${f.threshold} (${calls} calls).`,
            purpose: 'gateway.alert',
            ref: r.code,
          });
      });
    }
  }
  return raised;
}

/** Retention (thời hạn lưu trữ) per service: log rows older than the service's period are deleted, and the run recorded. */
export async function purgeLog(db: Db, now = new Date()): Promise<number> {
  const services = await queryRows<{ id: string; retention_days: number }>(
    db,
    sql`SELECT id, retention_days FROM gateway_services`,
  );
  let total = 0;
  for (const s of services) {
    const before = new Date(now.getTime() - s.retention_days * 86_400_000);
    total += await db.transaction(async (tx) => {
      // Only linked rows go: a row not yet in the chain would leave no trace of itself.
      await tx.execute(sql`SELECT set_config('tinhso.gateway_purge', 'on', true)`);
      const gone = await queryRows<{ seq: number }>(
        tx,
        sql`DELETE FROM gateway_exchange_log l WHERE l.service_id = ${s.id} AND l.at < ${before.toISOString()}::timestamptz
              AND EXISTS (SELECT 1 FROM gateway_log_chain c WHERE c.seq = l.seq) RETURNING l.seq`,
      );
      await tx.execute(sql`SELECT set_config('tinhso.gateway_purge', 'off', true)`);
      if (gone.length)
        await tx.execute(
          sql`INSERT INTO gateway_log_purges (service_id, before, rows) VALUES (${s.id}, ${before.toISOString()}::timestamptz, ${gone.length})`,
        );
      return gone.length;
    });
  }
  return total;
}
