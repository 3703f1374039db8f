/**
 * What a counter receipt (tiếp nhận tại quầy) needs on a running server: the judicial record procedure of the
 * demo province, one uploaded PDF for each mandatory paper and the required form fields, filled with valid values.
 * Used by the intake benchmark and by the two-instance suite.
 */
export interface CounterReceipt {
  procedureId: string;
  receivingAgencyId: string;
  /** A counter receipt's body for an applicant. */
  body(applicant: { name: string; phone?: string }): Record<string, unknown>;
}

type Field = { key: string; type: string; required: boolean; options?: { value: string }[] };

const SAMPLE: Record<string, unknown> = {
  checkbox: true,
  number: 1,
  date: '1990-01-01',
  email: 'a@example.vn',
  phone: '0912345678',
  idNumber: '046090001234',
};

/** `officer`: the headers of a logged-in one-stop officer; `receivingAgencyId`: the desk he receives at. */
export async function counterReceipt(
  baseUrl: string,
  officer: Record<string, string>,
  receivingAgencyId: string,
): Promise<CounterReceipt> {
  const list = (await (
    await fetch(`${baseUrl}/api/procedures?q=${encodeURIComponent('lý lịch tư pháp')}&limit=1`)
  ).json()) as { items: { code: string }[] };
  const proc = (await (await fetch(`${baseUrl}/api/procedures/${list.items[0]!.code}`)).json()) as {
    id: string;
    papers: { id: string; mandatory: boolean }[];
    formFields: Field[];
  };
  const formData = Object.fromEntries(
    proc.formFields
      .filter((f) => f.required)
      .map((f) => [f.key, f.type === 'select' ? f.options?.[0]?.value : (SAMPLE[f.type] ?? 'Nguyễn Văn A')]),
  );
  const form = new FormData();
  form.append(
    'file',
    new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }),
    'to-khai.pdf',
  );
  const up = await fetch(`${baseUrl}/api/files`, { method: 'POST', headers: officer, body: form });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
  const file = ((await up.json()) as { sha256: string }).sha256;
  const attachments = proc.papers.filter((p) => p.mandatory).map((p) => ({ paperId: p.id, files: [file] }));
  return {
    procedureId: proc.id,
    receivingAgencyId,
    body: (applicant) => ({ procedureId: proc.id, receivingAgencyId, applicant, formData, attachments }),
  };
}
