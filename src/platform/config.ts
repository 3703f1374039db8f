import path from 'node:path';
import type { RateRule } from './limits/counter.js';
import type { SmsConfig } from './notify/sms-gateway.js';

/** How much one account may upload in a day. */
export interface UploadAllowance {
  files: number;
  bytes: number;
}

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** Where PGlite keeps its files and the file store keeps uploads. */
  dataDir: string;
  /** When set, a PostgreSQL server is used instead of embedded PGlite. */
  databaseUrl: string | undefined;
  /** Load the demo province on an empty database (TINHSO_DEMO=1/0; default: yes, except under NODE_ENV=production). */
  demo: boolean;
  logLevel: string;
  /** LOG_FORMAT: `pretty` (default in a terminal) or `json` (default otherwise, e.g. under a service manager). */
  logFormat: 'pretty' | 'json';
  publicUrl: string;
  /** Session lifetime in seconds. */
  sessionTtl: number;
  /** Cookies are marked Secure when the public URL is https. */
  secureCookies: boolean;
  bodyLimit: number;
  upload: { maxBytes: number; allowedTypes: string[] };
  /**
   * Uploads (POST /api/files) per account and calendar day in Vietnam, counted in the database: a
   * citizen's (UPLOAD_DAILY_FILES, UPLOAD_DAILY_BYTES) and a staff member's (UPLOAD_STAFF_DAILY_*).
   */
  uploadQuota: { citizen: UploadAllowance; staff: UploadAllowance };
  /**
   * An upload that no dossier, report or document names is removed after `unattachedTtlMs`
   * (UPLOAD_UNATTACHED_TTL_HOURS), looked for every `everyMs` (UPLOAD_EXPIRY_EVERY_MINUTES).
   */
  uploadExpiry: { unattachedTtlMs: number; everyMs: number };
  files: {
    driver: 'disk' | 's3';
    s3?: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
  };
  /** The job runner; it does not start by itself in tests (they call `ctx.jobs.drain()`). */
  jobs: { autostart: boolean; pollMs: number; leaseMs: number; concurrency: number };
  /**
   * The audit chainer links committed audit rows every `chainIntervalMs`; it does not start by itself in tests (they
   * call `ctx.audit.chainNow()`). Verification fails on a row left unlinked longer than `maxUnlinkedMs`.
   */
  audit: { chainAutostart: boolean; chainIntervalMs: number; maxUnlinkedMs: number };
  oidc?: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; scope: string };
  /**
   * Addresses or CIDRs of the load balancers (TRUST_PROXY): only a request from one of them may name the
   * client's address in X-Forwarded-For. False (the default) trusts no proxy: the client is the peer.
   */
  trustProxy: string[] | false;
  /** Login attempts per client address and username (LOGIN_RATE_*), counted in the database like every limit below. */
  loginRateLimit: RateRule;
  /** Login attempts per account, from any address: a rotated address does not reset it (LOGIN_ACCOUNT_RATE_*). */
  loginAccountRateLimit: RateRule;
  /** Login attempts per client address, for any username (LOGIN_ADDRESS_RATE_*). */
  loginAddressRateLimit: RateRule;
  /** Public dossier lookups per client address (LOOKUP_RATE_*): codes are sequential, so enumeration is slowed. */
  lookupRateLimit: RateRule;
  /** One-time code requests per client address (PHONE_CODE_RATE_*); each phone also gets at most 5 codes an hour. */
  phoneCodeRateLimit: RateRule;
  /** Outgoing e-mail: an SMTP URL (smtp:// or smtps://user:pass@host:port); without one, mail is kept in the `emails` table only. */
  mail: { smtpUrl: string | undefined; from: string };
  /**
   * The brand-name SMS gateway (SMS_URL, SMS_BRANDNAME, SMS_API_KEY, SMS_SECRET_KEY, SMS_CALLBACK_TOKEN); unset (the
   * default): messages stay in the `sms_outbox` table (development provider). See platform/notify/sms-gateway.ts.
   */
  sms?: SmsConfig;
  /** Fee payment providers; each is offered only when configured. */
  payments: {
    gateway?: { url: string; merchant: string; secret: string };
    vnpay?: { tmnCode: string; hashSecret: string; url: string };
    vietqr?: { bin: string; account: string; accountName: string };
  };
  /** The postal carrier (bưu chính công ích) for results returned by post: its API and the secret its callbacks are signed with. */
  postal?: { carrier: string; url: string; secret: string; toleranceSec?: number };
  /**
   * Backups (docs/backup.md): archives written into `dir` (BACKUP_DIR; unset: no scheduled backups, and the
   * administrator is warned), encrypted with `key` (BACKUP_KEY, an age passphrase) when set; a scheduled backup each
   * day at `at` Vietnamese time (BACKUP_AT, HH:mm), incremental against the newest archive unless the newest full one
   * is older than `fullEveryDays`; `keep` daily/weekly/monthly archives (BACKUP_KEEP_DAILY/_WEEKLY/_MONTHLY).
   */
  backup: {
    dir: string | undefined;
    key: string | undefined;
    at: string;
    fullEveryDays: number;
    keep: { daily: number; weekly: number; monthly: number };
  };
  /**
   * What every web map draws under its data (docs/basemap.md). Raster XYZ tiles (MAP_TILES_URL, a template with {z},
   * {x}, {y} and optionally {s}, MAP_TILES_SUBDOMAINS, MAP_TILES_ATTRIBUTION, MAP_TILES_MAX_ZOOM) and/or a vector style
   * (MAP_STYLE_URL, a MapLibre style JSON, MAP_STYLE_ATTRIBUTION, and MAP_STYLE_HOSTS, the other hosts its sources,
   * sprites and glyphs are on): where both are set the style is drawn, and the tiles only in a browser without WebGL 2.
   * An address search (MAP_GEOCODER_URL, a Nominatim-compatible /search); where maps open when no boundary says so
   * (MAP_CENTER "lat,lng", MAP_ZOOM). Unset: boundaries only. The Content Security Policy admits exactly these hosts.
   */
  map: MapConfig;
  env: 'production' | 'development' | 'test';
}

export interface MapConfig {
  tiles?: { url: string; attribution: string; maxZoom: number; subdomains: string };
  /** `hosts`: the origins named by MAP_STYLE_HOSTS, besides the style's own (which is always admitted). */
  style?: { url: string; attribution: string; hosts: string[] };
  geocoderUrl?: string;
  centre?: { lat: number; lng: number; zoom: number };
}

/** MAP_* (see Config.map); a malformed value is left out rather than guessed. */
function mapConfig(env: NodeJS.ProcessEnv): MapConfig {
  const url = env.MAP_TILES_URL?.trim();
  const tiles =
    url && /^https?:\/\//.test(url) && /\{z\}/.test(url) && /\{x\}/.test(url) && /\{y\}/.test(url)
      ? {
          url,
          attribution: env.MAP_TILES_ATTRIBUTION ?? '',
          maxZoom: int(env.MAP_TILES_MAX_ZOOM, 19),
          subdomains: env.MAP_TILES_SUBDOMAINS || 'abc',
        }
      : undefined;
  const styleUrl = env.MAP_STYLE_URL?.trim();
  const style =
    styleUrl && isHttpUrl(styleUrl)
      ? { url: styleUrl, attribution: env.MAP_STYLE_ATTRIBUTION ?? '', hosts: styleHosts(env.MAP_STYLE_HOSTS) }
      : undefined;
  const geocoderUrl =
    env.MAP_GEOCODER_URL && /^https?:\/\//.test(env.MAP_GEOCODER_URL) ? env.MAP_GEOCODER_URL : undefined;
  const [lat, lng] = (env.MAP_CENTER ?? '').split(',').map((x) => Number(x.trim()));
  const centre =
    Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat!) <= 90 && Math.abs(lng!) <= 180
      ? { lat: lat!, lng: lng!, zoom: int(env.MAP_ZOOM, 10) }
      : undefined;
  return { tiles, style, geocoderUrl, centre };
}

function isHttpUrl(v: string): boolean {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}

/**
 * MAP_STYLE_HOSTS: comma- or space-separated origins (`https://tiles.example.vn`, `https://*.example.vn:8443`; a URL
 * counts for its origin). Anything else is left out: these words go into the Content Security Policy as they are.
 */
function styleHosts(v: string | undefined): string[] {
  const out = new Set<string>();
  for (const word of (v ?? '').split(/[\s,]+/)) {
    const m = /^(https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)(?:[/?#]|$)/i.exec(word);
    if (m) out.add(m[1]!.toLowerCase());
  }
  return [...out];
}

/**
 * The origins a browser must be allowed to reach for the configured map: tile hosts (images), the geocoder (fetch),
 * and a vector style's own host and MAP_STYLE_HOSTS (MapLibre fetches the style, its tiles, sprites and glyphs, from
 * the page and from its worker; images too, so they are admitted as images as well). A template's {s} becomes a
 * wildcard subdomain, as CSP host sources allow. MapLibre's worker is a script of this site (no blob: needed).
 */
export function mapOrigins(map: MapConfig): { img: string[]; connect: string[] } {
  const origin = (template: string) => {
    const wild = /\/\/\{s\}\./.test(template);
    const u = new URL(template.replace(/\{s\}/g, 'sub').replace(/\{[a-z]+\}/gi, '0'));
    return wild ? `${u.protocol}//*.${u.host.replace(/^sub\./, '')}` : u.origin;
  };
  const style = map.style ? [...new Set([origin(map.style.url), ...map.style.hosts])] : [];
  const img = [...new Set([...(map.tiles ? [origin(map.tiles.url)] : []), ...style])];
  const connect = [...new Set([...(map.geocoderUrl ? [origin(map.geocoderUrl)] : []), ...style])];
  return { img, connect };
}

/** TRUST_PROXY: a comma-separated list of addresses and CIDRs; empty or unset trusts none. */
function trustedProxies(v: string | undefined): string[] | false {
  const list = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : false;
}

function int(v: string | undefined, d: number): number {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : d;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = int(env.PORT, 3000);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const nodeEnv =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' || env.VITEST ? 'test' : 'development';
  const cfg: Config = {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    // Production never loads the demo (and its published passwords) unless TINHSO_DEMO=1 asks for it.
    demo: env.TINHSO_DEMO === '1' || (env.TINHSO_DEMO !== '0' && nodeEnv !== 'production'),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat:
      env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty'
        ? env.LOG_FORMAT
        : process.stdout.isTTY
          ? 'pretty'
          : 'json',
    publicUrl,
    sessionTtl: int(env.SESSION_TTL, 8 * 3600),
    secureCookies: publicUrl.startsWith('https:'),
    bodyLimit: int(env.BODY_LIMIT, 1024 * 1024),
    upload: {
      maxBytes: int(env.UPLOAD_MAX_BYTES, 20 * 1024 * 1024),
      allowedTypes: (
        env.UPLOAD_TYPES ??
        'application/pdf,image/jpeg,image/png,image/webp,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/xml,text/xml,application/zip'
      ).split(','),
    },
    uploadQuota: {
      citizen: { files: int(env.UPLOAD_DAILY_FILES, 50), bytes: int(env.UPLOAD_DAILY_BYTES, 250 * 1024 * 1024) },
      staff: {
        files: int(env.UPLOAD_STAFF_DAILY_FILES, 2_000),
        bytes: int(env.UPLOAD_STAFF_DAILY_BYTES, 10 * 1024 * 1024 * 1024),
      },
    },
    uploadExpiry: {
      unattachedTtlMs: int(env.UPLOAD_UNATTACHED_TTL_HOURS, 72) * 3_600_000,
      everyMs: int(env.UPLOAD_EXPIRY_EVERY_MINUTES, 60) * 60_000,
    },
    files:
      env.FILES_DRIVER === 's3'
        ? {
            driver: 's3',
            s3: {
              endpoint: env.S3_ENDPOINT ?? '',
              bucket: env.S3_BUCKET ?? 'tinhso',
              region: env.S3_REGION ?? 'us-east-1',
              accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
              secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
            },
          }
        : { driver: 'disk' },
    jobs: {
      autostart: env.JOBS_AUTOSTART ? env.JOBS_AUTOSTART !== '0' : nodeEnv !== 'test',
      pollMs: int(env.JOBS_POLL_MS, 1000),
      leaseMs: int(env.JOBS_LEASE_MS, 5 * 60_000),
      concurrency: int(env.JOBS_CONCURRENCY, 4),
    },
    audit: {
      chainAutostart: env.AUDIT_CHAIN_AUTOSTART ? env.AUDIT_CHAIN_AUTOSTART !== '0' : nodeEnv !== 'test',
      chainIntervalMs: int(env.AUDIT_CHAIN_INTERVAL_MS, 200),
      maxUnlinkedMs: int(env.AUDIT_MAX_UNLINKED_MS, 60_000),
    },
    oidc: env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER,
          clientId: env.OIDC_CLIENT_ID ?? '',
          clientSecret: env.OIDC_CLIENT_SECRET ?? '',
          redirectUri: env.OIDC_REDIRECT_URI ?? `${publicUrl}/api/auth/oidc/callback`,
          scope: env.OIDC_SCOPE ?? 'openid profile email',
        }
      : undefined,
    trustProxy: trustedProxies(env.TRUST_PROXY),
    loginRateLimit: { max: int(env.LOGIN_RATE_MAX, 10), timeWindowMs: int(env.LOGIN_RATE_WINDOW_MS, 60_000) },
    loginAccountRateLimit: {
      max: int(env.LOGIN_ACCOUNT_RATE_MAX, 10),
      timeWindowMs: int(env.LOGIN_ACCOUNT_RATE_WINDOW_MS, 15 * 60_000),
    },
    loginAddressRateLimit: {
      max: int(env.LOGIN_ADDRESS_RATE_MAX, 100),
      timeWindowMs: int(env.LOGIN_ADDRESS_RATE_WINDOW_MS, 15 * 60_000),
    },
    lookupRateLimit: { max: int(env.LOOKUP_RATE_MAX, 30), timeWindowMs: int(env.LOOKUP_RATE_WINDOW_MS, 60_000) },
    phoneCodeRateLimit: {
      max: int(env.PHONE_CODE_RATE_MAX, 10),
      timeWindowMs: int(env.PHONE_CODE_RATE_WINDOW_MS, 60_000),
    },
    mail: { smtpUrl: env.SMTP_URL || undefined, from: env.MAIL_FROM ?? 'Tỉnh số <no-reply@tinhso.local>' },
    payments: {
      gateway: env.PAYMENT_GATEWAY_URL
        ? {
            url: env.PAYMENT_GATEWAY_URL,
            merchant: env.PAYMENT_GATEWAY_MERCHANT ?? '',
            secret: env.PAYMENT_GATEWAY_SECRET ?? '',
          }
        : undefined,
      vnpay:
        env.VNPAY_TMN_CODE && env.VNPAY_HASH_SECRET
          ? {
              tmnCode: env.VNPAY_TMN_CODE,
              hashSecret: env.VNPAY_HASH_SECRET,
              url: env.VNPAY_URL ?? 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
            }
          : undefined,
      vietqr: env.PAYMENT_VIETQR_ACCOUNT
        ? {
            bin: env.PAYMENT_VIETQR_BIN ?? '',
            account: env.PAYMENT_VIETQR_ACCOUNT,
            accountName: env.PAYMENT_VIETQR_NAME ?? '',
          }
        : undefined,
    },
    backup: {
      dir: env.BACKUP_DIR ? path.resolve(env.BACKUP_DIR) : undefined,
      key: env.BACKUP_KEY || undefined,
      at: /^([01]\d|2[0-3]):[0-5]\d$/.test(env.BACKUP_AT ?? '') ? env.BACKUP_AT! : '01:30',
      fullEveryDays: int(env.BACKUP_FULL_EVERY_DAYS, 7),
      keep: {
        daily: int(env.BACKUP_KEEP_DAILY, 7),
        weekly: int(env.BACKUP_KEEP_WEEKLY, 4),
        monthly: int(env.BACKUP_KEEP_MONTHLY, 12),
      },
    },
    sms: env.SMS_URL
      ? {
          provider: 'esms',
          url: env.SMS_URL,
          brandname: env.SMS_BRANDNAME ?? '',
          apiKey: env.SMS_API_KEY ?? '',
          secretKey: env.SMS_SECRET_KEY ?? '',
          callbackToken: env.SMS_CALLBACK_TOKEN || undefined,
          publicUrl,
        }
      : undefined,
    postal: env.POSTAL_CARRIER_URL
      ? {
          carrier: env.POSTAL_CARRIER ?? 'vnpost',
          url: env.POSTAL_CARRIER_URL,
          secret: env.POSTAL_CARRIER_SECRET ?? '',
        }
      : undefined,
    map: mapConfig(env),
    env: nodeEnv,
  };
  return { ...cfg, ...overrides };
}
