// Numbers of a link arrive as text: read, then checked against their range. Only a number, or
// text that holds one, is read as a number: a blank, a switch, null or a list is refused
// ("is empty: enter a number"), where coercion would quietly have made it 0 or 1.
import { z } from './zod';

const readNumber = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

export const int = (min: number, max: number) => z.preprocess(readNumber, z.number().int().min(min).max(max));
export const num = (min: number, max: number) => z.preprocess(readNumber, z.number().min(min).max(max));

/** A switch: true/false, from a link's text or a file's boolean. */
export const flag = () =>
  z
    .enum(['true', 'false'])
    .or(z.boolean())
    .transform((v) => v === true || v === 'true');
