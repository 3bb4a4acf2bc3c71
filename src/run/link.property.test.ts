// Property tests: a share link or a run-spec file is untrusted text. Whatever it holds, reading
// it never throws, the run read back is a valid run, and every value given for a setting is
// either used as given or listed as rejected (or, for a key no setting has, as unknown).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldValue, type Field } from './fields';
import { decodeAny, decodeHash, fromJson, notARunSpec, withField, type DecodeResult } from './link';
import { defaultSpec, runSpecSchema, type RunSpec } from './runSpec';
import { PROPERTY_RUNS } from '../test/property';

const KEYS = FIELDS.map((f) => f.key);

/** Values a person or a tool might put in a field: text, numbers as text, JSON of any shape. */
const fieldText = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', 'true', 'false', 'null', 'NaN', 'Infinity', '-0', '1e400', '0x10', '[]', '{}', '12.5', '7'),
  fc.double().map(String),
  fc.integer({ min: -5, max: 5000 }).map(String),
  fc.json({ depthSize: 'small' }),
);

/** The same for a JSON file, where a value keeps its JSON type. */
const fieldJson = fc.oneof(fc.jsonValue({ depthSize: 'small' }), fc.double(), fc.integer({ min: -5, max: 5000 }), fc.constantFrom(true, false, null, '', [], {}));

function expectWellFormed(r: DecodeResult): void {
  expect(runSpecSchema.safeParse(r.spec).success).toBe(true);
  for (const x of r.rejected) {
    for (const s of [x.field, x.value, x.reason, x.message]) expect(typeof s).toBe('string');
    expect(x.message.length).toBeGreaterThan(0);
  }
}

/** The value a field would take from `raw` when read on its own, or undefined when refused. */
function accepted(f: Field, raw: unknown): unknown {
  let value = raw;
  if (f.json && typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const parsed = f.schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const DEFAULTS = defaultSpec();

/** A number setting takes a number, or text that reads as one; not a blank, a list, null or a switch. */
function numberLike(raw: unknown): boolean {
  return typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)));
}

/** Every field given in `given` is in the result as read, or listed as rejected. */
function expectEveryRejectionListed(given: Map<string, unknown>, r: DecodeResult): void {
  const rejected = new Set(r.rejected.map((x) => x.field));
  for (const f of FIELDS) {
    if (!given.has(f.key) || rejected.has(f.key)) continue;
    const value = accepted(f, given.get(f.key));
    expect(value, `${f.key} = ${String(given.get(f.key))} was refused without being listed`).not.toBeUndefined();
    expect(fieldValue(r.spec, f.key)).toEqual(value);
    if (typeof fieldValue(DEFAULTS, f.key) === 'number') expect(numberLike(given.get(f.key)), `${f.key} read ${JSON.stringify(given.get(f.key))} as a number`).toBe(true);
  }
}

describe('run spec decoder on untrusted input (property)', () => {
  it('reads any text as a link or file without throwing, and gives a valid run', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), fc.webUrl({ withFragments: true })), (text) => {
        expectWellFormed(decodeAny(text));
        expectWellFormed(fromJson(text));
        expect(['string', 'object']).toContain(typeof notARunSpec(text));
      }),
      { seed: 11_401, numRuns: PROPERTY_RUNS },
    );
  });

  it('lists every field of a link it does not use as given', () => {
    const link = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), fieldText, { maxKeys: 12 });
    fc.assert(
      fc.property(link, fc.constantFrom('', '1', '2', '3', '99', 'x'), (fields, v) => {
        const params = new URLSearchParams(fields);
        if (v) params.set('v', v);
        const r = decodeHash(`#${params}`);
        expectWellFormed(r);
        expectEveryRejectionListed(new Map(Object.entries(fields)), r);
        for (const k of r.unknown) expect(KEYS).not.toContain(k);
      }),
      { seed: 11_402, numRuns: PROPERTY_RUNS },
    );
  });

  it('lists every setting of a run-spec file it does not use as given', () => {
    const flat = fc.dictionary(fc.constantFrom(...KEYS), fieldJson, { maxKeys: 12 });
    fc.assert(
      fc.property(flat, fc.constantFrom(undefined, 1, 2, 3, 4, '3'), (fields, version) => {
        const nested: Record<string, Record<string, unknown> | unknown> = version === undefined ? {} : { version };
        for (const [key, value] of Object.entries(fields)) {
          const [section, name] = key.split('.');
          if (name === undefined) nested[section] = value;
          else nested[section] = { ...(nested[section] as Record<string, unknown>), [name]: value };
        }
        const r = fromJson(JSON.stringify(nested));
        expectWellFormed(r);
        // What the file holds is the value as JSON writes it (Infinity and NaN become null).
        const written = Object.entries(fields).map(([key, value]): [string, unknown] => [key, JSON.parse(JSON.stringify(value))]);
        expectEveryRejectionListed(new Map(written), r);
      }),
      { seed: 11_403, numRuns: PROPERTY_RUNS },
    );
  });

  it('changes one setting only to a value it accepts, and lists the refusal otherwise', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), fc.oneof(fieldText, fieldJson), (f, raw) => {
        const before: RunSpec = defaultSpec('software');
        const { spec, rejected } = withField(before, f.key, raw);
        expect(runSpecSchema.safeParse(spec).success).toBe(true);
        if (rejected.length > 0) expect(spec).toBe(before);
        else {
          expect(fieldValue(spec, f.key)).toEqual(accepted(f, raw));
          if (typeof fieldValue(before, f.key) === 'number') expect(numberLike(raw), `${f.key} read ${JSON.stringify(raw)} as a number`).toBe(true);
        }
      }),
      { seed: 11_404, numRuns: PROPERTY_RUNS },
    );
  });
});

// Bugs the properties above found, kept as examples.
describe('run spec decoder: regressions found by the properties', () => {
  const d = defaultSpec();

  it('refuses a blank, a switch, null or a list as a number instead of reading 0 or 1', () => {
    const link = decodeHash('#seed=&model.numBlocks=true');
    expect(link.rejected.map((r) => [r.field, r.message])).toEqual([
      ['seed', 'is empty: enter a number'],
      ['model.numBlocks', "'true' is not a number"],
    ]);
    expect(link.spec.seed).toBe(d.seed);
    const file = fromJson(JSON.stringify({ seed: null, model: { numBlocks: true }, train: { steps: [5], patience: [] } }));
    expect(file.rejected.map((r) => r.field)).toEqual(['seed', 'model.numBlocks', 'train.steps', 'train.patience']);
    expect(file.spec).toEqual(d);
    expect(withField(d, 'seed', ' ').rejected.map((r) => r.message)).toEqual(['is empty: enter a number']);
  });

  it('lists an object given for a setting, and a section that is not an object, instead of dropping them', () => {
    const r = fromJson(JSON.stringify({ seed: {}, data: 5, model: { dModel: { value: 32 } } }));
    expect(r.rejected.map((x) => [x.field, x.message])).toEqual([
      ['data', '5 is not an object of data settings: every data setting keeps its default'],
      ['seed', '{} is not a number'],
      ['model.dModel', '{"value":32} is not a number'],
    ]);
    expect(r.unknown).toEqual([]);
    expect(r.spec).toEqual(d);
  });
});
