import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW } from '../catalog/service.js';
import { processingSteps } from './workflow.js';

describe('the steps process-step walks through', () => {
  it('leaves receipt, the final approval and return of the catalog’s default workflow to their own actions', () => {
    expect(processingSteps(DEFAULT_WORKFLOW).map((s) => s.name)).toEqual(['Thẩm định, xử lý hồ sơ']);
  });

  it('keeps every step of a workflow that is all processing, and inter-agency steps at either end', () => {
    const steps = [
      { role: 'officer' as const, agencyMode: 'fixed' as const, name: 'a' },
      { role: 'specialist' as const, agencyMode: 'dossier' as const, name: 'b' },
      { role: 'leader' as const, agencyMode: 'dossier' as const, name: 'c' },
    ];
    expect(processingSteps(steps).map((s) => s.name)).toEqual(['a', 'b']);
    expect(processingSteps(steps.slice(1, 2)).map((s) => s.name)).toEqual(['b']);
    // A lone leader step is processing, not an approval to skip.
    expect(processingSteps([steps[2]!]).map((s) => s.name)).toEqual(['c']);
  });
});
