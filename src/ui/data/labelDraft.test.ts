import { describe, expect, it } from 'vitest';
import type { LabelBuilder } from '../../run/runSpec';
import { draftOf, newTask, readDraft } from './labelDraft';

const builder: LabelBuilder = { cutoff: '', windowDays: 30, windowEvents: 1, tasks: [{ name: 'big', kind: 'sum', column: 'Quantity', threshold: 100 }] };

describe('the label builder draft', () => {
  it('keeps numbers as typed and reads them when applied', () => {
    const d = draftOf(builder);
    d.tasks[0].threshold = '2.5';
    d.windowDays = '0.5';
    expect(readDraft(d, true)).toEqual({ builder: { ...builder, windowDays: 0.5, tasks: [{ ...builder.tasks[0], threshold: 2.5 }] }, errors: {} });
    d.tasks[0].threshold = '-5';
    expect(readDraft(d, true).builder.tasks[0].threshold).toBe(-5);
    expect(draftOf(readDraft(d, true).builder).tasks[0].threshold).toBe('-5');
  });

  it('refuses a text that is no number, per input, with why', () => {
    const d = draftOf(builder);
    d.tasks[0].threshold = 'lots';
    d.windowDays = 'a month';
    expect(readDraft(d, true).errors).toEqual({ 'threshold 0': "'lots' is not a number", windowDays: "'a month' is not a number" });
    d.windowDays = '0';
    expect(readDraft(d, true).errors.windowDays).toBe('must be more than 0');
    // Without a time column the window counts events: whole, at least 1.
    d.windowEvents = '1.5';
    expect(readDraft(d, false).errors.windowEvents).toBe('1.5 is not a whole number');
    expect(readDraft(d, false).errors.windowDays).toBeUndefined();
  });

  it('asks for names, distinct from each other and from the file’s label columns', () => {
    const d = draftOf(builder);
    d.tasks.push(newTask(d.tasks, []), { ...newTask(d.tasks, []), name: 'big' });
    expect(d.tasks[1].name).toBe('task2');
    expect(readDraft(d, true).errors).toEqual({ 'name 2': 'two tasks are named "big": give each its own name' });
    expect(readDraft(draftOf(builder), true, ['big']).errors['name 0']).toMatch(/label column "big"/);
  });
});
