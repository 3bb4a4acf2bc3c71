import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../../run/runSpec';
import { differingSettings } from './differingSettings';
import { csvCell, fileStem, historyCsv } from './historyCsv';
import type { RunRecord } from './runRecord';

const record = (tasks: string[]): RunRecord => ({
  id: 'a',
  name: 'r',
  created: '2026-12-01T10:00:00Z',
  updated: '2026-12-01T10:00:00Z',
  spec: defaultSpec('software'),
  data: { label: 'demo', fingerprint: 'demo:1', users: 10 },
  tasks,
  status: 'done',
  steps: 3,
  history: {
    steps: [1, 2, 3].map((i) => ({ step: i, loss: i / 10, taskLoss: [i / 20, null], balanceLoss: 0.01, zLoss: 0, tokens: 64, stepMs: 12 })),
    evals: [{ step: 2, tasks: tasks.map((name, k) => ({ name, auc: k === 0 ? 0.75 : null, oracleAuc: null, loss: 0.5, labelled: 9 })), evalMs: 3 }],
  },
  chosen: null,
});

describe('history CSV', () => {
  it('has a header naming each task’s columns and one row per step, evaluations on their step', () => {
    const lines = historyCsv(record(['buy', 'churn'])).trimEnd().split('\n');
    expect(lines[0]).toBe('step,loss,balance_loss,z_loss,tokens,step_ms,loss buy,loss churn,val_auc buy,val_auc churn,val_loss buy,val_loss churn');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('1,0.1,0.01,0,64,12,0.05,,,,,');
    expect(lines[2]).toBe('2,0.2,0.01,0,64,12,0.1,,0.75,,0.5,0.5');
  });

  it('quotes commas and quotes, neutralises formulas, keeps non-ASCII names', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('购买 ü')).toBe('购买 ü');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(NaN)).toBe('');
    expect(historyCsv(record(['=cmd', 'a,b'])).split('\n')[0]).toContain('loss =cmd,"loss a,b",val_auc =cmd');
  });

  it('makes file names from run names', () => {
    expect(fileStem('supermoe 2026-12-01 10:00')).toBe('supermoe_2026-12-01_10_00');
    expect(fileStem('/../')).toBe('..');
    expect(fileStem('///')).toBe('run');
  });
});

describe('differing settings', () => {
  it('names only the settings that differ between runs, in the panel’s words', () => {
    const a = defaultSpec('software');
    const b = structuredClone(a);
    b.train.learningRate = 0.02;
    b.model.numExperts = 8;
    const c = structuredClone(a);
    expect(differingSettings([a, b, c])).toEqual([
      ['Experts E: 4', `Learning rate: ${a.train.learningRate}`],
      ['Experts E: 8', 'Learning rate: 0.02'],
      ['Experts E: 4', `Learning rate: ${a.train.learningRate}`],
    ]);
    expect(differingSettings([a, c])).toEqual([[], []]);
    expect(differingSettings([a])).toEqual([[]]);
  });

  it('names a list or file setting in brief', () => {
    const a = defaultSpec('software');
    const b = structuredClone(a);
    b.data.source = 'file';
    b.data.file = { name: 'log.csv', size: 10, sha256: 'a'.repeat(64) };
    expect(differingSettings([a, b])).toEqual([
      ["Data: 'demo'", 'File none'],
      ["Data: 'file'", "File 'log.csv'"],
    ]);
  });
});
