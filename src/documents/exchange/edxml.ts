/**
 * edXML (QCVN 102:2016/BTTTT, Thông tư 10/2016/TT-BTTTT): the envelope of an electronic document (gói tin văn bản)
 * and the status packet (gói tin trạng thái) exchanged between agencies.
 *
 * The standard's XSD is not among the sources this project could read; the structure below follows the element
 * names of the national exchange as used in public Vietnamese code: namespace
 * http://www.mic.gov.vn/TBT/QCVN_102_2016 with the `edXML:` prefix; edXMLEnvelope/edXMLHeader/{MessageHeader,
 * TraceHeaderList} and edXMLBody/edXMLManifest/Reference; attachments base64 in AttachmentEncoded/Attachment. The
 * message id used for idempotent delivery travels in the signed transport header, not in the XML.
 * fast-xml-parser reads and writes the XML.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export interface Organ {
  organId: string;
  organName: string;
  organizationInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  website?: string;
}

/** edXML Bussiness/BussinessDocType. */
export const BUSINESS_CODE = { new: '0', recall: '1', update: '2', replace: '3' } as const;
export type Business = keyof typeof BUSINESS_CODE;

export interface Edoc {
  from: Organ;
  to: Organ[];
  code: { number: string; notation: string };
  promulgation: { place: string; date: string /* YYYY-MM-DD */ };
  documentType: { type: string; typeName: string; typeDetail?: string };
  subject: string;
  content?: string;
  signer?: { competence?: string; position?: string; fullName?: string };
  dueDate?: string | null;
  toPlaces: string[];
  /** 0 normal · 1 urgent · 2 very urgent · 3 flash. */
  priority: number;
  /** 1 not a directive · 2 directive · 3 report on a directive. */
  steeringType: number;
  /** `{OrganId},{yyyy/MM/dd},{number}/{notation}`. */
  documentId: string;
  business: Business;
  businessReason?: string;
  /** For an update/replace: the document id it replaces. */
  replaces?: string | null;
  traceTimestamp: Date;
  attachments: { contentId: string; name: string; contentType: string; description?: string; data: Buffer }[];
}

/** Status codes of the status packet. */
export const STATUS_CODES = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối tiếp nhận', en: 'Refused' },
  '03': { vi: 'Đã tiếp nhận', en: 'Accepted' },
  '04': { vi: 'Đã đến, chờ phân công', en: 'Arrived, awaiting assignment' },
  '05': { vi: 'Đã phân công, đang xử lý', en: 'Assigned, in progress' },
  '06': { vi: 'Đã hoàn thành', en: 'Completed' },
  '13': { vi: 'Lấy lại (thu hồi)', en: 'Recalled' },
  '15': { vi: 'Đồng ý lấy lại / cập nhật', en: 'Recall or update agreed' },
  '16': { vi: 'Từ chối lấy lại / cập nhật', en: 'Recall or update refused' },
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export interface StatusPacket {
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  from: Organ;
  statusCode: StatusCode;
  description: string;
  timestamp: Date;
  staff?: { department?: string; staff?: string; mobile?: string; email?: string };
}

const slash = (isoDate: string) => isoDate.replace(/-/g, '/');
const dash = (d: string) => d.replace(/\//g, '-');
/** yyyy/MM/dd HH:mm:ss in Vietnam time. */
export function edxmlTimestamp(d: Date): string {
  const l = new Date(d.getTime() + 7 * 3_600_000).toISOString();
  return `${slash(l.slice(0, 10))} ${l.slice(11, 19)}`;
}
function parseTimestamp(s: string): Date {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return new Date(NaN);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0) - 7, +(m[5] ?? 0), +(m[6] ?? 0)));
}

export function documentIdOf(organId: string, isoDate: string, number: string, notation: string): string {
  return `${organId},${slash(isoDate)},${number}/${notation}`;
}

const e = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`edXML:${k}`, v]));
const organXml = (o: Organ) =>
  e({
    OrganId: o.organId,
    OrganizationInCharge: o.organizationInCharge ?? '',
    OrganName: o.organName,
    OrganAdd: o.organAdd ?? '',
    Email: o.email ?? '',
    Telephone: o.telephone ?? '',
    Fax: '',
    Website: o.website ?? '',
  });

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressEmptyNode: false,
});
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['To', 'Attachment', 'Reference', 'Place', 'TraceHeader'].includes(name),
});

export function buildEdoc(d: Edoc): string {
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    'edXML:edXMLEnvelope': {
      '@xmlns:edXML': EDXML_NS,
      '@xmlns:xlink': 'http://www.w3.org/1999/xlink',
      ...e({
        edXMLHeader: e({
          MessageHeader: e({
            From: organXml(d.from),
            To: d.to.map(organXml),
            Code: e({ CodeNumber: d.code.number, CodeNotation: d.code.notation }),
            PromulgationInfo: e({ Place: d.promulgation.place, PromulgationDate: slash(d.promulgation.date) }),
            DocumentType: e({
              Type: d.documentType.type,
              TypeName: d.documentType.typeName,
              TypeDetail: d.documentType.typeDetail ?? '',
            }),
            Subject: d.subject,
            Content: d.content ?? '',
            SignerInfo: e({
              Competence: d.signer?.competence ?? '',
              Position: d.signer?.position ?? '',
              FullName: d.signer?.fullName ?? '',
            }),
            DueDate: d.dueDate ? slash(d.dueDate) : '',
            ToPlaces: e({ Place: d.toPlaces }),
            OtherInfo: e({
              Priority: String(d.priority),
              SphereOfPromulgation: '',
              TyperNotation: '',
              PromulgationAmount: '1',
              PageAmount: '1',
              Appendixes: '',
            }),
            SteeringType: String(d.steeringType),
            DocumentId: d.documentId,
          }),
          TraceHeaderList: e({
            TraceHeader: [e({ OrganId: d.from.organId, Timestamp: edxmlTimestamp(d.traceTimestamp) })],
            Bussiness: e({
              BussinessDocType: BUSINESS_CODE[d.business],
              BussinessDocReason: d.businessReason ?? '',
              DocumentId: d.replaces ?? '',
              Paper: '0',
            }),
          }),
        }),
        edXMLBody: e({
          edXMLManifest: e({
            Reference: d.attachments.map((a) => ({
              '@xlink:href': `cid:${a.contentId}`,
              ...e({ AttachmentName: a.name }),
            })),
          }),
        }),
        AttachmentEncoded: e({
          Attachment: d.attachments.map((a) =>
            e({
              ContentType: a.contentType,
              ContentId: a.contentId,
              Description: a.description ?? '',
              ContentTransferEncoded: a.data.toString('base64'),
              AttachmentName: a.name,
            }),
          ),
        }),
      }),
    },
  };
  return builder.build(doc) as string;
}

export class EdxmlFormatError extends Error {}

type Node = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v ? [node(v)] : []);
function organ(v: unknown): Organ {
  const o = node(v);
  return {
    organId: str(o.OrganId),
    organName: str(o.OrganName),
    organizationInCharge: str(o.OrganizationInCharge),
    organAdd: str(o.OrganAdd),
    email: str(o.Email),
    telephone: str(o.Telephone),
    website: str(o.Website),
  };
}

export function parseEdoc(xml: string): Edoc {
  let root: Node;
  try {
    root = node(parser.parse(xml, true));
  } catch (err) {
    throw new EdxmlFormatError(`not well-formed XML: ${(err as Error).message}`);
  }
  const env = node(root.edXMLEnvelope);
  const h = node(node(env.edXMLHeader).MessageHeader);
  if (!Object.keys(h).length) throw new EdxmlFormatError('no edXMLEnvelope/edXMLHeader/MessageHeader');
  const from = organ(h.From);
  const to = list(h.To).map(organ);
  if (!from.organId || !to.length || to.some((t) => !t.organId))
    throw new EdxmlFormatError('From and To need an OrganId');
  const trace = node(node(env.edXMLHeader).TraceHeaderList);
  const bus = node(trace.Bussiness);
  const code = str(bus.BussinessDocType) || '0';
  const business = (Object.entries(BUSINESS_CODE).find(([, c]) => c === code)?.[0] ?? 'new') as Business;
  const attachments = list(node(env.AttachmentEncoded).Attachment).map((a) => ({
    contentId: str(a.ContentId),
    name: str(a.AttachmentName),
    contentType: str(a.ContentType),
    description: str(a.Description),
    data: Buffer.from(str(a.ContentTransferEncoded), 'base64'),
  }));
  const codeNode = node(h.Code);
  const prom = node(h.PromulgationInfo);
  const dt = node(h.DocumentType);
  const signer = node(h.SignerInfo);
  return {
    from,
    to,
    code: { number: str(codeNode.CodeNumber), notation: str(codeNode.CodeNotation) },
    promulgation: { place: str(prom.Place), date: dash(str(prom.PromulgationDate)) },
    documentType: { type: str(dt.Type), typeName: str(dt.TypeName), typeDetail: str(dt.TypeDetail) },
    subject: str(h.Subject),
    content: str(h.Content),
    signer: { competence: str(signer.Competence), position: str(signer.Position), fullName: str(signer.FullName) },
    dueDate: str(h.DueDate) ? dash(str(h.DueDate)) : null,
    toPlaces: ((node(h.ToPlaces).Place as unknown[] | undefined) ?? []).map(str).filter(Boolean),
    priority: Number(str(node(h.OtherInfo).Priority) || 0),
    steeringType: Number(str(h.SteeringType) || 1),
    documentId: str(h.DocumentId),
    business,
    businessReason: str(bus.BussinessDocReason),
    replaces: str(bus.DocumentId) || null,
    traceTimestamp: parseTimestamp(str(list(trace.TraceHeader)[0]?.Timestamp)),
    attachments,
  };
}

export function buildStatus(s: StatusPacket): string {
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    'edXML:Status': {
      '@xmlns:edXML': EDXML_NS,
      ...e({
        Header: e({
          ResponseFor: e({
            OrganId: s.responseFor.organId,
            Code: s.responseFor.code,
            PromulgationDate: slash(s.responseFor.promulgationDate),
            DocumentId: s.responseFor.documentId,
          }),
          From: organXml(s.from),
          StatusCode: s.statusCode,
          Description: s.description,
          Timestamp: edxmlTimestamp(s.timestamp),
          StaffInfo: e({
            Department: s.staff?.department ?? '',
            Staff: s.staff?.staff ?? '',
            Mobile: s.staff?.mobile ?? '',
            Email: s.staff?.email ?? '',
          }),
        }),
      }),
    },
  };
  return builder.build(doc) as string;
}

export function parseStatus(xml: string): StatusPacket {
  let root: Node;
  try {
    root = node(parser.parse(xml, true));
  } catch (err) {
    throw new EdxmlFormatError(`not well-formed XML: ${(err as Error).message}`);
  }
  const h = node(node(root.Status).Header);
  const code = str(h.StatusCode);
  if (!(code in STATUS_CODES)) throw new EdxmlFormatError(`unknown StatusCode ${code}`);
  const rf = node(h.ResponseFor);
  const staff = node(h.StaffInfo);
  return {
    responseFor: {
      organId: str(rf.OrganId),
      code: str(rf.Code),
      promulgationDate: dash(str(rf.PromulgationDate)),
      documentId: str(rf.DocumentId),
    },
    from: organ(h.From),
    statusCode: code as StatusCode,
    description: str(h.Description),
    timestamp: parseTimestamp(str(h.Timestamp)),
    staff: {
      department: str(staff.Department),
      staff: str(staff.Staff),
      mobile: str(staff.Mobile),
      email: str(staff.Email),
    },
  };
}
