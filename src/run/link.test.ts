import { describe, expect, it } from 'vitest';
import { FIELDS } from './fields';
import { decodeAny, decodeHash, encodeHash, fromJson, hashHasRun, toJson, withField } from './link';
import { defaultSpec, RUN_SPEC_VERSION, taskWeights, type RunSpec } from './runSpec';

function custom(): RunSpec {
  const s = defaultSpec('software');
  s.seed = 1234;
  s.data.source = 'file';
  s.data.file = { name: 'my log, v2 (final).csv', size: 123456, sha256: 'ab'.repeat(32) };
  s.data.columns = [
    { name: 'user id', role: 'user' },
    { name: 'when&where=?', role: 'time' },
    { name: 'Ünïcode #col', role: 'category' },
  ];
  s.model.numExperts = 16;
  s.model.routing = 'dropless';
  s.model.capacityFactor = 2.5;
  s.train.learningRate = 0.00025;
  s.train.lambda = [1, 0.5, 2];
  return s;
}

describe('run spec links', () => {
  it('round-trips every field through the URL hash', () => {
    const spec = custom();
    const { spec: back, rejected, unknown } = decodeHash(encodeHash(spec));
    expect(rejected).toEqual([]);
    expect(unknown).toEqual([]);
    expect(back).toEqual(spec);
  });

  it('round-trips through the downloadable JSON and through a full link', () => {
    const spec = custom();
    expect(fromJson(toJson(spec)).spec).toEqual(spec);
    expect(decodeAny(`https://team.example/supermoe/${encodeHash(spec)}`).spec).toEqual(spec);
  });

  it('writes every field, so a link does not depend on the opener’s defaults', () => {
    const hash = encodeHash(defaultSpec('software'));
    for (const f of FIELDS) expect(hash).toContain(`${encodeURIComponent(f.key).replace(/%2E/g, '.')}=`);
    expect(decodeHash(hash, defaultSpec('gpu')).spec).toEqual(defaultSpec('software'));
  });

  it('rejects bad fields one by one, naming them, and keeps the rest', () => {
    const good = encodeHash(custom());
    const params = new URLSearchParams(good.slice(1));
    params.set('model.numExperts', 'lots');
    params.set('train.learningRate', '-1');
    params.set('data.columns', '[{"name":"u","role":"boss"}]');
    params.set('data.file', '{not json');
    params.set('hack', '<script>');
    const { spec, rejected, unknown } = decodeHash(`#${params}`);
    const fields = rejected.map((r) => r.field).sort();
    expect(fields).toEqual(['data.columns', 'data.file', 'data.source', 'model.numExperts', 'train.learningRate']);
    expect(unknown).toEqual(['hack']);
    const d = defaultSpec();
    expect(spec.model.numExperts).toBe(d.model.numExperts);
    expect(spec.train.learningRate).toBe(d.train.learningRate);
    // the file run lost its file identity, so it fell back to the demo
    expect(spec.data.source).toBe('demo');
    expect(spec.seed).toBe(1234);
    expect(spec.model.routing).toBe('dropless');
  });

  it('rejects heads that do not divide d_model', () => {
    const { spec, rejected } = decodeHash('#model.dModel=64&model.numHeads=7');
    expect(rejected.map((r) => r.field)).toEqual(['model.numHeads']);
    expect(spec.model).toMatchObject({ dModel: 64, numHeads: defaultSpec().model.numHeads });
    // when the default head count does not divide either, d_model goes back too
    const both = decodeHash('#model.dModel=30&model.numHeads=7');
    expect(both.rejected.map((r) => r.field)).toEqual(['model.numHeads', 'model.dModel']);
    expect(both.spec.model.dModel % both.spec.model.numHeads).toBe(0);
  });

  it('survives garbage: never throws, falls back to defaults', () => {
    for (const junk of ['#%%%', '#v=99', '#seed=1e400', '#seed=', '#=&&=', '{"model": 3}', '{broken', '#data.seqLen=NaN', '#train.lambda=[1,"x"]']) {
      const r = decodeAny(junk);
      expect(r.spec.version).toBe(RUN_SPEC_VERSION);
      expect(Number.isFinite(r.spec.seed)).toBe(true);
    }
    expect(decodeHash('#v=99').rejected[0].field).toBe('v');
    expect(decodeAny('{broken').rejected[0].reason).toMatch(/not JSON/);
  });

  it('tells a run link from an unrelated hash', () => {
    expect(hashHasRun('')).toBe(false);
    expect(hashHasRun('#section-2')).toBe(false);
    expect(hashHasRun(encodeHash(defaultSpec()))).toBe(true);
  });

  it('checks a single edited field like a link field', () => {
    const s = defaultSpec();
    expect(withField(s, 'model.numExperts', '8').spec.model.numExperts).toBe(8);
    const bad = withField(s, 'model.numExperts', '0');
    expect(bad.spec).toBe(s);
    expect(bad.rejected[0].field).toBe('model.numExperts');
  });

  it('round-trips the data fields of a dropped log: read settings, per-column settings, label builder, shards', () => {
    const spec = custom();
    spec.data.columns = [
      { name: 'user', role: 'user' },
      { name: 'when', role: 'time', timeFormat: 'dmy' },
      { name: 'amount €', role: 'dense', norm: 'log1p' },
      { name: 'items', role: 'id', list: '|' },
    ];
    Object.assign(spec.data, { format: 'sequences', delimiter: '\t', header: 'no', encoding: 'latin1', minEvents: 3, idVocabCap: 200_000, idShardRows: 4096 });
    spec.data.labelBuilder = {
      cutoff: '2011-11-01T00:00:00Z',
      windowDays: 14.5,
      windowEvents: 2,
      tasks: [
        { name: 'buys', kind: 'any' },
        { name: 'big & rich', kind: 'sum', column: 'amount €', threshold: 99.5 },
        { name: 'uk', kind: 'match', column: 'Country', op: 'equals', value: 'United Kingdom, EIRE' },
      ],
    };
    const { spec: back, rejected } = decodeHash(encodeHash(spec));
    expect(rejected).toEqual([]);
    expect(back).toEqual(spec);
    expect(fromJson(toJson(spec)).spec).toEqual(spec);
  });

  it('opens links made before the data fields existed with their defaults', () => {
    const params = new URLSearchParams(encodeHash(custom()).slice(1));
    for (const k of ['data.format', 'data.delimiter', 'data.header', 'data.encoding', 'data.minEvents', 'data.idVocabCap', 'data.idShardRows', 'data.labelBuilder']) params.delete(k);
    const { spec, rejected } = decodeHash(`#${params}`);
    expect(rejected).toEqual([]);
    const d = defaultSpec().data;
    expect(spec.data).toMatchObject({ format: d.format, delimiter: d.delimiter, header: d.header, encoding: d.encoding, minEvents: 1, idShardRows: d.idShardRows, labelBuilder: d.labelBuilder });
    expect(spec.data.columns).toEqual(custom().data.columns);
  });

  it('rejects bad data fields one by one', () => {
    const params = new URLSearchParams(encodeHash(custom()).slice(1));
    params.set('data.delimiter', 'x');
    params.set('data.idShardRows', '0');
    params.set('data.labelBuilder', JSON.stringify({ cutoff: 'soon', windowDays: 30, windowEvents: 1, tasks: [] }));
    params.set('data.columns', JSON.stringify([{ name: 'a', role: 'dense', norm: 'cube' }]));
    const { rejected } = decodeHash(`#${params}`);
    expect(rejected.map((r) => r.field).sort()).toEqual(['data.columns', 'data.delimiter', 'data.idShardRows', 'data.labelBuilder']);
  });

  it('gives λ = 1 per task unless the user set one per task', () => {
    const s = defaultSpec();
    expect(taskWeights(s, 3)).toEqual([1, 1, 1]);
    s.train.lambda = [2, 0.5, 1];
    expect(taskWeights(s, 3)).toEqual([2, 0.5, 1]);
  });
});

describe('run spec: the training recipe (MCP, fine-tuning, λ, compare)', () => {
  const recipe = (): RunSpec => {
    const s = custom();
    s.data.source = 'demo';
    s.data.file = null;
    s.train = { ...s.train, lambdaMode: 'bilevel', lambdaEvery: 7, lambdaLr: 250, lambdaHoldout: 0.15 };
    s.pretrain = { steps: 120, channels: ['event_type', 'time_gap', 'amount €'], maskRate: 0.2, vocabCap: 512 };
    s.finetune = { from: 'pretrain', encoder: 'lowerLr', encoderLrScale: 0.05, saved: '' };
    s.compare = { models: ['supermoe', 'dense', 'mmoe', 'ple'], alone: true };
    return s;
  };

  it('round-trips every recipe field through the hash and the JSON', () => {
    const spec = recipe();
    const { spec: back, rejected, unknown } = decodeHash(encodeHash(spec));
    expect(rejected).toEqual([]);
    expect(unknown).toEqual([]);
    expect(back).toEqual(spec);
    expect(fromJson(toJson(spec)).spec).toEqual(spec);
  });

  it('opens links made before the recipe fields existed with their defaults', () => {
    const params = new URLSearchParams(encodeHash(custom()).slice(1));
    for (const k of [...params.keys()]) if (/^(pretrain|finetune|compare)\.|^train\.lambda[A-Z]/.test(k)) params.delete(k);
    const { spec, rejected } = decodeHash(`#${params}`);
    expect(rejected).toEqual([]);
    const d = defaultSpec();
    expect(spec.pretrain).toEqual(d.pretrain);
    expect(spec.finetune).toEqual(d.finetune);
    expect(spec.compare).toEqual(d.compare);
    expect(spec.train).toMatchObject({ lambdaMode: 'fixed', lambda: [1, 0.5, 2] });
    expect(spec.finetune.from).toBe('scratch');
  });

  it('rejects recipes that cannot run, naming the field', () => {
    const noEncoder = decodeHash('#model.type=mmoe&finetune.from=pretrain');
    expect(noEncoder.rejected.map((r) => r.field)).toEqual(['finetune.from']);
    expect(noEncoder.spec.finetune.from).toBe('scratch');
    expect(decodeHash('#finetune.from=saved&compare.models=["ple"]').rejected[0].reason).toMatch(/compare run cannot start/);
    expect(decodeHash('#finetune.from=saved&finetune.saved=enc-1').rejected).toEqual([]);
    expect(decodeHash('#compare.models=["mmoe","mmoe"]').rejected.map((r) => r.field)).toEqual(['compare.models']);
    const bad = decodeHash('#pretrain.maskRate=1.5&train.lambdaMode=best&compare.models=["gpt"]&compare.alone=maybe');
    expect(bad.rejected.map((r) => r.field).sort()).toEqual(['compare.alone', 'compare.models', 'pretrain.maskRate', 'train.lambdaMode']);
  });
});

describe('format versions', () => {
  it('a version-1 link opens with the settings added in version 2 as they were then; a current link with its own', () => {
    const old = decodeHash('#v=1&seed=3');
    expect(old.rejected).toEqual([]);
    expect(old.spec.data.userSummary).toBe(false);
    expect(old.spec.train.earlyStopHoldout).toBe(0);
    expect(old.spec.model.towerInit).toBe('random');
    const now = decodeHash('#v=3&seed=3');
    expect(now.spec.data.userSummary).toBe(defaultSpec().data.userSummary);
    const spec = { ...defaultSpec(), train: { ...defaultSpec().train, weightDecay: 0.05, schedule: 'constant' as const } };
    expect(decodeHash(encodeHash(spec)).spec).toEqual(spec);
    expect(fromJson(toJson(spec)).spec).toEqual(spec);
    expect(fromJson(JSON.stringify({ version: 1, seed: 3 })).spec.data.eventAge).toBe(false);
  });

  it('a version-2 link keeps one step for every task (per-task early stopping came in version 3), a version-1 link too', () => {
    expect(decodeHash('#v=2&seed=3').spec.train.earlyStopPerTask).toBe(false);
    expect(decodeHash('#v=2&seed=3').spec.data.userSummary).toBe(true);
    expect(decodeHash('#v=1&seed=3').spec.train.earlyStopPerTask).toBe(false);
    expect(decodeHash('#v=3&seed=3').spec.train.earlyStopPerTask).toBe(true);
    expect(fromJson(JSON.stringify({ version: 2, seed: 3 })).spec.train.earlyStopPerTask).toBe(false);
  });

  it('towerInit cann (added in version 3, set by a small log’s size) is written and read like the others', () => {
    const spec = { ...defaultSpec(), model: { ...defaultSpec().model, towerInit: 'cann' as const } };
    expect(decodeHash(encodeHash(spec)).spec).toEqual(spec);
    expect(fromJson(toJson(spec)).spec).toEqual(spec);
  });

  it('a link of version 3 or older opens with gradient clipping off (it came in version 4), so its results are unchanged', () => {
    for (const v of [1, 2, 3]) {
      expect(decodeHash(`#v=${v}&seed=3`).spec.train.clipNorm).toBe(0);
      expect(fromJson(JSON.stringify({ version: v, seed: 3 })).spec.train.clipNorm).toBe(0);
    }
    expect(decodeHash('#v=4&seed=3').spec.train.clipNorm).toBe(defaultSpec().train.clipNorm);
    expect(decodeHash('#v=3&seed=3&train.clipNorm=2').spec.train.clipNorm).toBe(2);
    expect(decodeHash('#v=4&train.clipNorm=-1').rejected.map((r) => r.field)).toEqual(['train.clipNorm']);
  });

  it('a link of version 4 or older opens with weight averaging off (it came in version 5), so its results are unchanged', () => {
    for (const v of [1, 2, 3, 4]) {
      expect(decodeHash(`#v=${v}&seed=3`).spec.train.emaDecay).toBe(0);
      expect(fromJson(JSON.stringify({ version: v, seed: 3 })).spec.train.emaDecay).toBe(0);
    }
    expect(decodeHash(`#v=${RUN_SPEC_VERSION}&seed=3`).spec.train.emaDecay).toBe(defaultSpec().train.emaDecay);
    expect(decodeHash('#v=4&seed=3&train.emaDecay=0.9').spec.train.emaDecay).toBe(0.9);
    expect(decodeHash('#v=5&train.emaDecay=1').rejected.map((r) => r.field)).toEqual(['train.emaDecay']);
  });

  it('a link of version 5 or older opens with the towers reading the summary linearly (the hidden layer came in version 6)', () => {
    for (const v of [1, 2, 3, 4, 5]) {
      expect(decodeHash(`#v=${v}&seed=3`).spec.model.summaryHidden).toBe(0);
      expect(fromJson(JSON.stringify({ version: v, seed: 3 })).spec.model.summaryHidden).toBe(0);
    }
    expect(decodeHash('#v=5&seed=3').spec.train.emaDecay).toBe(defaultSpec().train.emaDecay);
    expect(decodeHash(`#v=${RUN_SPEC_VERSION}&seed=3`).spec.model.summaryHidden).toBe(defaultSpec().model.summaryHidden);
    expect(defaultSpec().model.summaryHidden).toBeGreaterThan(0);
    expect(decodeHash('#v=5&seed=3&model.summaryHidden=8').spec.model.summaryHidden).toBe(8);
    expect(decodeHash('#v=6&model.summaryHidden=-1').rejected.map((r) => r.field)).toEqual(['model.summaryHidden']);
  });

  it('a link of version 6 or older opens without the towers\' weights on the events\' values (they came in version 7)', () => {
    for (const v of [1, 2, 3, 4, 5, 6]) {
      expect(decodeHash(`#v=${v}&seed=3`).spec.model.wideIds).toBe(false);
      expect(fromJson(JSON.stringify({ version: v, seed: 3 })).spec.model.wideIds).toBe(false);
    }
    expect(decodeHash('#v=6&seed=3').spec.model.summaryHidden).toBe(defaultSpec().model.summaryHidden);
    expect(decodeHash(`#v=${RUN_SPEC_VERSION}&seed=3&model.wideIds=true`).spec.model.wideIds).toBe(true);
    expect(decodeHash('#v=6&seed=3&model.wideIds=true').spec.model.wideIds).toBe(true);
    expect(decodeHash('#v=7&model.wideIds=maybe').rejected.map((r) => r.field)).toEqual(['model.wideIds']);
  });

  it('a link of version 7 or older opens with the value weights trained from 0 and summed over every event (fitting them and the bag of values held came in version 8)', () => {
    expect(defaultSpec().model.wideFit).toBe(true);
    for (const v of [1, 2, 3, 4, 5, 6, 7]) {
      expect(decodeHash(`#v=${v}&seed=3`).spec.model.wideFit).toBe(false);
      expect(fromJson(JSON.stringify({ version: v, seed: 3 })).spec.model.wideFit).toBe(false);
    }
    // A version-7 link with the value weights on means the run it meant: trained, not fitted.
    const v7 = decodeHash('#v=7&seed=3&model.wideIds=true&model.towerInit=cann').spec.model;
    expect([v7.wideIds, v7.towerInit, v7.wideFit, v7.wideBag]).toEqual([true, 'cann', false, 'count']);
    expect(defaultSpec().model.wideBag).toBe('presence');
    expect(decodeHash('#v=7&seed=3&model.wideBag=presence').spec.model.wideBag).toBe('presence');
    expect(decodeHash('#v=8&model.wideBag=some').rejected.map((r) => r.field)).toEqual(['model.wideBag']);
    expect(decodeHash(`#v=${RUN_SPEC_VERSION}&seed=3`).spec.model.wideFit).toBe(true);
    expect(decodeHash('#v=7&seed=3&model.wideFit=true').spec.model.wideFit).toBe(true);
    expect(decodeHash('#v=8&model.wideFit=maybe').rejected.map((r) => r.field)).toEqual(['model.wideFit']);
  });
});
