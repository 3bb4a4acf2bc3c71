// Links and run-spec files saved before a change of the run description still open the same
// run: the same spec, the same rejected fields (with their reasons) and unknown keys.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import links from './fixtures/links.json';
import specs from './fixtures/specs.expected.json';
import { decodeAny, encodeHash, hashHasRun, toJson } from './link';
import { defaultSpec, type RunSpec } from './runSpec';

type Preset = 'gpu' | 'software';
const fixture = (file: string) => readFileSync(new URL(`./fixtures/specs/${file}`, import.meta.url), 'utf8');

describe('share links of format version 1', () => {
  for (const c of links) {
    it(`${c.name}: ${c.note}`, () => {
      expect(decodeAny(c.link, defaultSpec(c.defaults as Preset))).toEqual(c.expected);
    });
  }

  it('are written as they were: the same keys, in the same order, with the same values', () => {
    for (const c of links.filter((l) => l.verbatim)) expect(encodeHash(c.expected.spec as RunSpec)).toBe(c.link);
  });

  it('are told from unrelated hashes as before', () => {
    expect(links.filter((c) => !hashHasRun(c.link.slice(c.link.indexOf('#')))).map((c) => c.name)).toEqual(['not-a-run']);
  });
});

describe('run-spec files of format version 1', () => {
  for (const c of specs) {
    it(`${c.file}: ${c.note}`, () => {
      expect(decodeAny(fixture(c.file), defaultSpec(c.defaults as Preset))).toEqual(c.expected);
    });
  }

  it('are written as they were: the same layout', () => {
    for (const c of specs.filter((s) => s.verbatim)) expect(toJson(c.expected.spec as RunSpec)).toBe(fixture(c.file));
  });
});
