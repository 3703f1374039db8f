/**
 * Late (quá hạn): the result came after the appointment, or none has come and the appointment has
 * passed. The original appointment decides: an apology's new date does not make a dossier on time.
 */
export function isLate(
  d: { dueAt: Date | null; completedAt: Date | null; pausedSince: Date | null },
  now: Date,
): boolean {
  if (!d.dueAt) return false;
  // A stopped clock is compared where it stopped.
  const at = d.completedAt ?? d.pausedSince ?? now;
  return at.getTime() > d.dueAt.getTime();
}
