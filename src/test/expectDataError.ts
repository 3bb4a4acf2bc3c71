// Test helper: the DataError a call throws, so a test can check its row, column and message.
import { expect } from 'vitest';
import { DataError } from '../data/rawTable';

/** The DataError `f` throws; fails the test if it throws anything else, or nothing. */
export function dataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}
