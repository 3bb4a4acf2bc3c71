import { describe, expect, it } from 'vitest';
import { decodeHash, fromJson, notARunSpec, withField } from './link';
import { defaultSpec } from './runSpec';

const said = (hash: string) => decodeHash(hash).rejected.map((r) => r.message);

describe('rejections in words for people', () => {
  it('says what is wrong with the value, not what the schema expected', () => {
    expect(said('#seed=abc')).toEqual(["'abc' is not a number"]);
    expect(said('#seed=2.5')).toEqual(["'2.5' is not a whole number"]);
    expect(said('#model.capacityFactor=')).toEqual(['is empty: enter a number']);
    expect(said('#seed=1e400')).toEqual(["'1e400' is too large a number"]);
    expect(said('#train.learningRate=-3')).toEqual(["'-3' is below the minimum, 0.000001"]);
    expect(said('#data.seqLen=5000')).toEqual(["'5000' is above the maximum, 1024"]);
    expect(said('#model.type=gpt')).toEqual(["'gpt' is not one of supermoe, dense, mmoe, ple"]);
    expect(said('#compare.alone=maybe')).toEqual(["'maybe' is not one of true, false"]);
    expect(said('#data.predictionTime=tomorrow')).toEqual(["'tomorrow' is not valid: expected an ISO date or empty"]);
    expect(said('#train.lambda=[1,')).toEqual(["'[1,' is not valid JSON"]);
  });

  it('names the part of a list or object at fault', () => {
    const b = { cutoff: '', windowDays: 30, windowEvents: 1, tasks: [{ name: '', kind: 'any' }] };
    expect(withField(defaultSpec(), 'data.labelBuilder', b).rejected[0].message).toBe('tasks › #1 › name: must not be empty');
    expect(said('#train.lambda=[1,"x"]')).toEqual(["#2: 'x' is not a number"]);
  });

  it('keeps the schema’s words as the reason (saved links’ tests compare them)', () => {
    expect(decodeHash('#seed=abc').rejected[0].reason).toBe('Invalid input: expected number, received NaN');
  });
});

describe('a file that is not a run spec', () => {
  it('is told apart from a run spec with bad fields', () => {
    expect(notARunSpec('hello, this is a CSV\n1,2,3')).toMatch(/^it is not JSON/);
    expect(notARunSpec('[1, 2]')).toMatch(/not an object/);
    expect(notARunSpec('{"name": "supermoe-studio", "private": true}')).toMatch(/none of its keys/);
    expect(notARunSpec('{"seed": "abc"}')).toBeNull();
    expect(notARunSpec(JSON.stringify(defaultSpec()))).toBeNull();
  });

  it('is read against the defaults it is given (the adapter’s preset), like a link', () => {
    const light = defaultSpec('software');
    const { spec, rejected } = fromJson('{"seed": 3, "train": {"steps": "many"}}', light);
    expect(spec.seed).toBe(3);
    expect(spec.train.steps).toBe(light.train.steps);
    expect(spec.data.demoUsers).toBe(light.data.demoUsers);
    expect(rejected.map((r) => r.field)).toEqual(['train.steps']);
  });
});
