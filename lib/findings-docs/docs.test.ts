import { describe, expect, it } from 'vitest';

import { FINDING_CODES } from '../analyze/catalogue';
import { findingDoc, isFindingCode } from './docs';

describe('findingDoc', () => {
  it('documents every code of the catalogue with detection and fix from the reference', () => {
    for (const code of FINDING_CODES) {
      const doc = findingDoc(code);
      expect(doc.detection, code).not.toBe('See the catalogue.');
      expect(doc.fix, code).not.toBe('Each finding carries its own fix.');
      expect(doc.suppress).toContain(`segscope.io/suppress: ${code}`);
      expect(doc.example).toContain(`[${code}]`);
    }
  });

  it('uses real demo messages where the demo shows the code', () => {
    expect(findingDoc('SEG203').example).toContain('prod-west');
    expect(findingDoc('SEG201').detection).toContain('istio-remote');
  });

  it('knows which codes exist', () => {
    expect(isFindingCode('SEG201')).toBe(true);
    expect(isFindingCode('SEG999')).toBe(false);
    expect(isFindingCode('toString')).toBe(false);
  });
});
