import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { prettyLine } from './logger.js';

describe('log format', () => {
  it('reads a JSON line as a person would in a terminal, in Vietnamese time', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 0, 2, 3, 4, 5),
      pid: 1,
      hostname: 'h',
      msg: 'SMS not delivered',
      smsId: 7,
    });
    expect(prettyLine(line, false)).toBe('10:04:05 WARN  SMS not delivered  smsId=7\n');
  });
  it('is JSON unless asked, or unless stdout is a terminal', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });
});
