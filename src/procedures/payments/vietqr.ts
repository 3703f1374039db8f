/**
 * VietQR (NAPAS) bank-transfer codes: an EMVCo merchant-presented QR payload. Any Vietnamese banking
 * app scanning it fills in the bank, the account, the amount and the transfer note, so the transfer
 * can be matched to the dossier by the note.
 */

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo requires for tag 63. */
export function crc16ccitt(s: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(s, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const tlv = (id: string, value: string) => {
  if (value.length > 99) throw new RangeError(`EMVCo field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
};

export interface VietQrInput {
  /** The bank's 6-digit BIN (e.g. 970415). */
  bin: string;
  account: string;
  /** In đồng; omitted for a code where the payer types the amount. */
  amount?: number;
  /** Transfer note (nội dung chuyển khoản): ASCII, at most 25 characters are safe across banks. */
  note?: string;
}

/** The NAPAS "QR chuyển khoản" payload (service QRIBFTTA: transfer to an account). */
export function vietQrPayload(q: VietQrInput): string {
  if (!/^\d{6}$/.test(q.bin)) throw new RangeError('the bank BIN has 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(q.account)) throw new RangeError('the account number is 1–19 letters or digits');
  if (q.amount !== undefined && !(Number.isInteger(q.amount) && q.amount > 0 && q.amount < 1e13))
    throw new RangeError('the amount is a positive whole number of đồng');
  const beneficiary = tlv('00', q.bin) + tlv('01', q.account);
  const merchant = tlv('00', 'A000000727') + tlv('01', beneficiary) + tlv('02', 'QRIBFTTA');
  let s = tlv('00', '01') + tlv('01', q.amount ? '12' : '11') + tlv('38', merchant) + tlv('53', '704');
  if (q.amount) s += tlv('54', String(q.amount));
  s += tlv('58', 'VN');
  if (q.note) s += tlv('62', tlv('08', q.note));
  s += '6304';
  return s + crc16ccitt(s);
}

/** Reads a payload back into its top-level fields (for tests and for checking a scanned code). */
export function parseEmv(payload: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < payload.length;) {
    const id = payload.slice(i, i + 2);
    const len = Number(payload.slice(i + 2, i + 4));
    out.set(id, payload.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}
