import { pdfBytes } from '../../src/platform/files/test-fixtures.js';
import { apiLogin } from './server.js';

/** The records the pages with an id need, made through the API as users would make them. */
export interface Fixtures {
  procedureCode: string;
  procedureId: string;
  /** Submitted online by the citizen, waiting at the one-stop desk (its page offers the desk's actions). */
  dossierId: string;
  dossierCode: string;
  /** A field report filed by the citizen (public id, PA-…). */
  reportId: string;
  unitId: string;
  agencyId: string;
  personId: string;
}

/** The judicial record procedure (lý lịch tư pháp): papers, a form, and a police step. */
const PROCEDURE = '2.000488';

async function json<T>(r: Response, what: string): Promise<T> {
  if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

interface ProcedureDetail {
  id: string;
  code: string;
  papers: { id: string; name: string; mandatory: boolean }[];
  formFields: { key: string; type: string; required?: boolean; options?: { value: string }[] }[];
}

export async function makeFixtures(baseUrl: string): Promise<Fixtures> {
  const citizen = await apiLogin(baseUrl, 'congdan');
  const admin = await apiLogin(baseUrl, 'admin');
  // Received at the public administration service centre, where the demo one-stop officer works.
  const centre = (await apiLogin(baseUrl, 'motcua')).grants[0]!.scopeId!;
  const p = await json<ProcedureDetail>(await fetch(`${baseUrl}/api/procedures/${PROCEDURE}`), 'procedure');
  const attachments = [];
  for (const paper of p.papers.filter((x) => x.mandatory)) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdfBytes(paper.name))], { type: 'application/pdf' }), 'giay-to.pdf');
    const up = await json<{ sha256: string }>(
      await fetch(`${baseUrl}/api/files`, { method: 'POST', headers: citizen.headers, body: form }),
      'upload',
    );
    attachments.push({ paperId: paper.id, files: [up.sha256] });
  }
  const value = (f: ProcedureDetail['formFields'][number]) =>
    f.type === 'checkbox'
      ? true
      : f.type === 'select'
        ? f.options![0]!.value
        : f.type === 'date'
          ? '1990-01-01'
          : f.type === 'idNumber'
            ? '046090001234'
            : f.type === 'number'
              ? 1
              : 'Hoàng Văn Dân';
  const formData = Object.fromEntries(p.formFields.filter((f) => f.required).map((f) => [f.key, value(f)]));
  const dossier = await json<{ id: string; code: string }>(
    await fetch(`${baseUrl}/api/dossiers`, {
      method: 'POST',
      headers: { ...citizen.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        procedureId: p.id,
        receivingAgencyId: centre,
        attachments,
        formData,
        applicant: { phone: '0912345678' },
      }),
    }),
    'dossier',
  );
  const report = await json<{ report: { publicId: string } }>(
    await fetch(`${baseUrl}/api/feedback/reports`, {
      method: 'POST',
      headers: { ...citizen.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'giao-thong',
        description: 'Ổ gà lớn giữa đường Lê Lợi, xe máy dễ bị ngã khi trời mưa.',
        lat: 16.4637,
        lng: 107.5909,
        confirmNew: true,
      }),
    }),
    'report',
  );
  const first = async (url: string) =>
    (await json<{ items: { id: string }[] }>(await fetch(`${baseUrl}${url}`, { headers: admin.headers }), url))
      .items[0]!.id;
  return {
    procedureCode: p.code,
    procedureId: p.id,
    dossierId: dossier.id,
    dossierCode: dossier.code,
    reportId: report.report.publicId,
    unitId: await first('/api/directory/units?limit=1'),
    agencyId: await first('/api/directory/agencies?limit=1'),
    personId: await first('/api/directory/people?limit=1'),
  };
}
