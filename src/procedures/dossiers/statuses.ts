/**
 * Where a dossier (hồ sơ) stands. The actions are the truth; `dossiers.status` caches the state
 * the last action left it in.
 */
export const DOSSIER_STATUSES = [
  'submitted', // nộp trực tuyến, chờ tiếp nhận — waiting for the one-stop desk
  'received', // đã tiếp nhận — the clock runs
  'processing', // đang xử lý — in the workflow's steps, possibly at another agency (liên thông)
  'supplement_requested', // chờ bổ sung — the clock stops
  'awaiting_approval', // chờ phê duyệt — every step done, the leader decides
  'approved', // đã phê duyệt — the result document is being attached
  'result_ready', // có kết quả — waiting to be returned
  'refused', // từ chối, with reasons
  'returned', // đã trả kết quả
  'withdrawn', // đã rút — by the applicant, before the result
  'suspended', // tạm dừng — the clock stops
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** The clock runs only in these states (received, not paused, no result yet). */
export const CLOCK_RUNNING: readonly DossierStatus[] = ['received', 'processing', 'awaiting_approval', 'approved'];
/** Finished: the result (or the refusal) exists; completed_at is set. */
export const FINISHED: readonly DossierStatus[] = ['result_ready', 'refused', 'returned'];
/** No more work: nothing counts as pending. */
export const CLOSED: readonly DossierStatus[] = ['refused', 'returned', 'withdrawn'];

export const CHANNELS = ['online', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];
