import { vi } from '../i18n/vi.js';
import type { MessageKey, Translate } from '../i18n/index.js';

/** The message under `key`, when there is one: codes come from the server, and a new one has no message yet. */
const message = (t: Translate, key: string): string | null => (key in vi ? t(key as MessageKey) : null);
const words = (s: string) => s.replace(/[._-]+/g, ' ').trim();

/** The label of an action's own key, or of the dossier's or field report's timeline, or none. */
function labelOf(code: string, t: Translate): string | null {
  const own = message(t, `audit.act.${code}`);
  if (own) return own;
  const dot = code.indexOf('.');
  if (dot < 0) return null;
  const [mod, verb] = [code.slice(0, dot), code.slice(dot + 1)];
  if (mod === 'dossier') return message(t, `dossier.action.${verb}`);
  if (mod === 'feedback') return message(t, `feedback.action.${verb}`);
  return null;
}

/**
 * What an audited action is called (`directory.agency.update` → "Sửa cơ quan"). A code with an outcome appended
 * (`inventory.import-failed`) is the action's label with the outcome; a code named nowhere reads as its module and
 * its verb ("Sao lưu: restore"), so that a new action is readable before it gets a label.
 */
export function auditActionLabel(code: string, t: Translate): string {
  const own = labelOf(code, t);
  if (own) return own;
  const outcome = /^(.*\.[a-z]+)-([a-z]+)$/.exec(code);
  const base = outcome && labelOf(outcome[1]!, t);
  if (base) return `${base} (${outcome[2]})`;
  const dot = code.indexOf('.');
  if (dot < 0) return words(code);
  const mod = code.slice(0, dot);
  return `${message(t, `audit.module.${mod}`) ?? words(mod)}: ${words(code.slice(dot + 1))}`;
}

/** What kind of object an audit row concerns ("Cơ quan"), or the type's words when it has no label. */
export function auditTargetTypeLabel(type: string, t: Translate): string {
  return message(t, `audit.type.${type}`) ?? words(type);
}
