/**
 * A VNPAY stand-in speaking version 2.1.0 over HTTP, for tests and the demo: the payment page
 * (`/paymentv2/vpcpay.html`) checks the merchant's signature over the query exactly as it was sent,
 * shows the payer the order with "pay" and "cancel", then calls the merchant's IPN URL and sends the
 * browser back to vnp_ReturnUrl, both signed. It signs with its own encoder, written apart from
 * ../vnpay.ts, so that a mistake there shows as a refused signature here.
 */
import http from 'node:http';
import crypto from 'node:crypto';

export interface VnpayOrder {
  txnRef: string;
  amount: string;
  orderInfo: string;
  returnUrl: string;
  transactionNo: string;
}

/** PHP urlencode over UTF-8 bytes: letters, digits and `-_.` kept, space as `+`, the rest %XX. */
function urlencode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class VnpayTestServer {
  readonly orders = new Map<string, VnpayOrder>();
  /** The IPN answers the merchant gave, in order. */
  readonly ipnAnswers: { txnRef: string; answer: unknown }[] = [];
  private server: http.Server | null = null;
  private seq = 14380000;
  url = '';

  constructor(
    readonly tmnCode: string,
    readonly hashSecret: string,
    /** The merchant's IPN URL, as registered with VNPAY (not sent in the request). */
    public ipnUrl = '',
  ) {}

  get payUrl(): string {
    return `${this.url}/paymentv2/vpcpay.html`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.route(req, res).catch(() => res.writeHead(500).end()));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  sign(params: Record<string, string>): string {
    const data = Object.keys(params)
      .filter((k) => k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
      .sort()
      .map((k) => `${urlencode(k)}=${urlencode(params[k]!)}`)
      .join('&');
    return crypto.createHmac('sha512', this.hashSecret).update(data).digest('hex');
  }

  /** The signed parameters VNPAY sends to the IPN and the return URL for an outcome (`00` paid, `24` cancelled by the payer…). */
  result(
    txnRef: string,
    responseCode = '00',
    o: { amount?: string; transactionNo?: string; secret?: string } = {},
  ): Record<string, string> {
    const order = this.orders.get(txnRef);
    const params: Record<string, string> = {
      vnp_Amount: o.amount ?? order?.amount ?? '0',
      vnp_BankCode: 'NCB',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: order?.orderInfo ?? '',
      vnp_PayDate: '20260306160512',
      vnp_ResponseCode: responseCode,
      vnp_TmnCode: this.tmnCode,
      vnp_TransactionNo: o.transactionNo ?? order?.transactionNo ?? '0',
      vnp_TransactionStatus: responseCode === '00' ? '00' : '02',
      vnp_TxnRef: txnRef,
    };
    const hash = o.secret ? new VnpayTestServer(this.tmnCode, o.secret).sign(params) : this.sign(params);
    return { ...params, vnp_SecureHash: hash };
  }

  /** Calls the merchant's IPN as VNPAY does (GET, the parameters in the query) and answers its JSON. */
  async notify(params: Record<string, string>): Promise<unknown> {
    const q = Object.entries(params)
      .map(([k, v]) => `${urlencode(k)}=${urlencode(v)}`)
      .join('&');
    const res = await fetch(`${this.ipnUrl}?${q}`, { signal: AbortSignal.timeout(10_000) });
    const answer = await res.json();
    this.ipnAnswers.push({ txnRef: params.vnp_TxnRef ?? '', answer });
    return answer;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/paymentv2/vpcpay.html') return this.page(req, url, res);
    const m = /^\/paymentv2\/(pay|cancel)\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const order = this.orders.get(m[2]!);
      if (!order) return void res.writeHead(404).end();
      const params = this.result(order.txnRef, m[1] === 'pay' ? '00' : '24');
      if (this.ipnUrl) await this.notify(params);
      const back = `${order.returnUrl}?${Object.entries(params)
        .map(([k, v]) => `${urlencode(k)}=${urlencode(v)}`)
        .join('&')}`;
      return void res.writeHead(302, { location: back }).end();
    }
    res.writeHead(404).end();
  }

  /** The payer's page: the signature is checked over the raw query as sent, up to `&vnp_SecureHash=`. */
  private page(req: http.IncomingMessage, url: URL, res: http.ServerResponse) {
    const raw = (req.url ?? '').split('?')[1] ?? '';
    const [signed, hash] = raw.split('&vnp_SecureHash=');
    const p = Object.fromEntries(url.searchParams);
    const expected = crypto
      .createHmac('sha512', this.hashSecret)
      .update(signed ?? '')
      .digest('hex');
    const fail = (why: string) =>
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>VNPAY</title><p id="error">${escape(why)}</p>`);
    if (!hash || hash.toLowerCase() !== expected) return fail('Sai chữ ký (code 70)');
    // And the data signed must be the parameters sorted and encoded as VNPAY reads them.
    if (this.sign(p) !== expected) return fail('Dữ liệu ký không theo thứ tự hoặc mã hoá của VNPAY');
    if (
      p.vnp_TmnCode !== this.tmnCode ||
      p.vnp_Version !== '2.1.0' ||
      p.vnp_Command !== 'pay' ||
      p.vnp_CurrCode !== 'VND'
    )
      return fail('Tham số không hợp lệ');
    const txnRef = p.vnp_TxnRef ?? '';
    if (!this.orders.has(txnRef))
      this.orders.set(txnRef, {
        txnRef,
        amount: p.vnp_Amount ?? '0',
        orderInfo: p.vnp_OrderInfo ?? '',
        returnUrl: p.vnp_ReturnUrl ?? '',
        transactionNo: String(++this.seq),
      });
    const amount = (Number(p.vnp_Amount) / 100).toLocaleString('vi-VN');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>VNPAY — Cổng thanh toán (thử nghiệm)</title></head>
<body><main><h1>Thanh toán qua VNPAY (máy chủ thử nghiệm)</h1>
<p>Đơn hàng: <span id="order-info">${escape(p.vnp_OrderInfo ?? '')}</span></p>
<p>Số tiền: <strong id="amount">${escape(amount)} VND</strong></p>
<form method="post" action="/paymentv2/pay/${escape(txnRef)}"><button type="submit" id="pay">Thanh toán</button></form>
<form method="post" action="/paymentv2/cancel/${escape(txnRef)}"><button type="submit" id="cancel">Huỷ giao dịch</button></form>
</main></body></html>`);
  }
}
