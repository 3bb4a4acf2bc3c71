// Links and run-spec files saved before a change of the run description still open the same
// run: the same spec, the same rejected fields (with their reasons) and unknown keys. A field
// added since opens at what it was in the link's format version (V1_SETTINGS for version 1,
// else its default); a field must never disappear.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELDS, isFieldKey, setFieldValue, type Rejection } from './fields';
import links from './fixtures/links.json';
import specs from './fixtures/specs.expected.json';
import { decodeAny, encodeHash, toJson, hashHasRun, V1_SETTINGS, type DecodeResult } from './link';
import { defaultSpec, type Preset, type RunSpec } from './runSpec';

interface Stored {
  spec: Record<string, unknown>;
  rejected: Rejection[];
  unknown: string[];
}

const fixture = (file: string) => readFileSync(new URL(`./fixtures/specs/${file}`, import.meta.url), 'utf8');

/** Flat `section.key` → value of a stored spec. */
function storedLeaves(spec: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'version') continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [f, x] of Object.entries(v)) out.set(`${k}.${f}`, x);
    else out.set(k, v);
  }
  return out;
}

/** The stored run, with the fields added since it was stored at their defaults. */
function expectedNow(stored: Record<string, unknown>, defaults: RunSpec, v1 = true): RunSpec {
  const spec = structuredClone(defaults);
  if (v1) for (const [key, value] of Object.entries(V1_SETTINGS)) if (isFieldKey(key)) setFieldValue(spec, key, value);
  for (const [key, value] of storedLeaves(stored)) {
    expect(isFieldKey(key), `the stored field ${key} is no longer a field`).toBe(true);
    if (isFieldKey(key)) setFieldValue(spec, key, value);
  }
  return spec;
}

/** The same reason; an enum's message may list options added since, after the stored ones. */
function sameReason(now: string, then: string): boolean {
  // An unknown version is read as the current one, whichever that is.
  const version = (r: string) => r.replace(/read as (version )?\d+/, 'read as $1N');
  if (version(now) === version(then)) return true;
  const options = (s: string) => /^Invalid option: expected one of (.*)$/.exec(s)?.[1].split('|');
  const [a, b] = [options(now), options(then)];
  return now === then || (a !== undefined && b !== undefined && b.every((o, i) => a[i] === o));
}

function expectSameRun(got: DecodeResult, stored: Stored, defaults: RunSpec, v1: boolean): void {
  expect(got.spec).toEqual(expectedNow(stored.spec, defaults, v1));
  expect(got.rejected.map(({ field, value }) => ({ field, value }))).toEqual(stored.rejected.map(({ field, value }) => ({ field, value })));
  got.rejected.forEach((r, i) => expect(sameReason(r.reason, stored.rejected[i].reason), `${r.reason} / ${stored.rejected[i].reason}`).toBe(true));
  expect(got.unknown).toEqual(stored.unknown);
}

/** `now` with only the keys `then` has, recursively, in `now`'s order. */
function onlyKeysOf(now: unknown, then: unknown): unknown {
  if (now === null || then === null || typeof now !== 'object' || typeof then !== 'object' || Array.isArray(now)) return now;
  return Object.fromEntries(Object.entries(now).filter(([k]) => k in then).map(([k, v]) => [k, onlyKeysOf(v, (then as Record<string, unknown>)[k])]));
}

describe('share links of format version 1', () => {
  for (const c of links) {
    it(`${c.name}: ${c.note}`, () => {
      const defaults = defaultSpec(c.defaults as Preset);
      // A link says its version (v=1); one without, or of an unknown version, is read as the current.
      const v1 = new URLSearchParams(c.link.slice(c.link.indexOf('#') + 1)).get('v') === '1';
      expectSameRun(decodeAny(c.link, defaults), c.expected as Stored, defaults, v1);
    });
  }

  it('are written as they were: the same keys, in the same order, with the same values', () => {
    for (const c of links.filter((l) => l.verbatim)) {
      // The version is the one thing written differently: links are now of a later version.
      const then = [...new URLSearchParams(c.link.slice(1))].filter(([k]) => k !== 'v');
      const keys = new Set(then.map(([k]) => k));
      const now = [...new URLSearchParams(encodeHash(expectedNow(c.expected.spec, defaultSpec(c.defaults as Preset))).slice(1))];
      expect(now.filter(([k]) => keys.has(k))).toEqual(then);
    }
  });

  it('are told from unrelated hashes as before', () => {
    expect(links.filter((c) => !hashHasRun(c.link.slice(c.link.indexOf('#')))).map((c) => c.name)).toEqual(['not-a-run']);
    expect(FIELDS.length).toBeGreaterThanOrEqual(45);
  });
});

describe('run-spec files of format version 1', () => {
  for (const c of specs) {
    it(`${c.file}: ${c.note}`, () => {
      const defaults = defaultSpec(c.defaults as Preset);
      const v1 = (JSON.parse(fixture(c.file)) as { version?: unknown }).version === 1;
      expectSameRun(decodeAny(fixture(c.file), defaults), c.expected as Stored, defaults, v1);
    });
  }

  it('are written as they were: the same layout', () => {
    for (const c of specs.filter((s) => s.verbatim)) {
      const text = fixture(c.file);
      const now = { ...JSON.parse(toJson(expectedNow(c.expected.spec, defaultSpec(c.defaults as Preset)))), version: 1 };
      expect(JSON.stringify(onlyKeysOf(now, JSON.parse(text)), null, 2)).toBe(text);
    }
  });
});
