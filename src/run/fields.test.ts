import { describe, expect, it } from 'vitest';
import { FIELDS, fieldValue, isFieldKey } from './fields';
import { defaultSpec } from './runSpec';

describe('link fields, derived from the run schema', () => {
  it('are the leaves of a run below its sections, in the order of the spec', () => {
    const spec = defaultSpec();
    const leaves = Object.entries(spec).flatMap(([k, v]) => (k === 'version' ? [] : typeof v === 'object' ? Object.keys(v).map((f) => `${k}.${f}`) : [k]));
    expect(FIELDS.map((f) => f.key)).toEqual(leaves);
  });

  it('send lists and objects (and null) as JSON, everything else as text', () => {
    const spec = defaultSpec();
    for (const f of FIELDS) expect(f.json, f.key).toBe(typeof fieldValue(spec, f.key) === 'object');
  });

  it('accept the defaults of both presets, as written in a link', () => {
    for (const spec of [defaultSpec('gpu'), defaultSpec('software')]) {
      for (const f of FIELDS) {
        const value = fieldValue(spec, f.key);
        const parsed = f.schema.safeParse(f.json ? value : String(value));
        expect(parsed.success && parsed.data, f.key).toEqual(value);
      }
    }
  });

  it('know their keys', () => {
    expect(isFieldKey('model.dModel')).toBe(true);
    expect(isFieldKey('model')).toBe(false);
    expect(isFieldKey('version')).toBe(false);
    expect(() => fieldValue(defaultSpec(), 'model.nope' as 'model.dModel')).toThrow(/unknown run field/);
  });
});
