// Numbers of a link arrive as text: coerced, then checked against their range.
import { z } from 'zod';

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

/** A switch: true/false, from a link's text or a file's boolean. */
export const flag = () =>
  z
    .enum(['true', 'false'])
    .or(z.boolean())
    .transform((v) => v === true || v === 'true');
