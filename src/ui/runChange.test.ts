import { describe, expect, it } from 'vitest';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { describeChange, loadFor, missingTask, sameData } from './runChange';

const FILE = { name: 'log.csv', size: 100, sha256: 'a'.repeat(64) };

/** A file run mapped to user, time and item columns, with the label columns or tasks `edit` adds. */
function fileRun(edit: (s: RunSpec) => void = () => {}): RunSpec {
  const s = defaultSpec('software');
  s.data = {
    ...s.data,
    source: 'file',
    file: FILE,
    columns: [
      { name: 'user', role: 'user' },
      { name: 'ts', role: 'time' },
      { name: 'item', role: 'id' },
    ],
  };
  edit(s);
  return s;
}

describe('what a change of the run means for the page', () => {
  it('a mapped file run without label column or built task is missing a task; the demo, a label column or a task is not', () => {
    expect(missingTask(fileRun())).toBe(true);
    expect(missingTask(defaultSpec('software'))).toBe(false);
    expect(missingTask(fileRun((s) => s.data.columns.push({ name: 'bought', role: 'label' })))).toBe(false);
    expect(missingTask(fileRun((s) => (s.data.labelBuilder.tasks = [{ name: 'active', kind: 'any' }])))).toBe(false);
    // Columns not yet mapped: the worker infers them, and a label column may be among them.
    expect(missingTask(fileRun((s) => (s.data.columns = [])))).toBe(false);
  });

  it('the worker prepares a runnable run, only reads a file run without a task, and waits for a file that is not loaded', () => {
    expect(loadFor(defaultSpec('software'), null)).toBe('prepare');
    expect(loadFor(fileRun(), null)).toBe('wait');
    expect(loadFor(fileRun(), 'b'.repeat(64))).toBe('wait');
    expect(loadFor(fileRun(), FILE.sha256)).toBe('read');
    expect(loadFor(fileRun((s) => (s.data.labelBuilder.tasks = [{ name: 'active', kind: 'any' }])), FILE.sha256)).toBe('prepare');
  });

  it('tells a change of data from a change of the model or training', () => {
    const a = defaultSpec('software');
    expect(sameData(a, { ...a, train: { ...a.train, learningRate: 0.5 } })).toBe(true);
    expect(sameData(a, { ...a, data: { ...a.data, demoUsers: 10 } })).toBe(false);
  });

  it('says each changed setting in words, the value before and after, and sums up a long list', () => {
    const a = defaultSpec('software');
    const b = { ...a, seed: 99, train: { ...a.train, learningRate: 0.02 } };
    expect(describeChange(a, b)).toEqual(['Seed: 7 → 99', `Learning rate: ${a.train.learningRate} → 0.02`]);
    expect(describeChange(a, a)).toEqual([]);
    expect(describeChange(fileRun(), fileRun((s) => (s.data.labelBuilder.tasks = [{ name: 'active', kind: 'any' }])))).toEqual(['Labels from the log changed']);
    const many = { ...b, data: { ...a.data, demoUsers: 10, seqLen: 4, valFraction: 0.5 }, model: { ...a.model, dModel: 8, numBlocks: a.model.numBlocks + 1 } };
    const lines = describeChange(a, many);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe('and 2 more settings');
  });
});
