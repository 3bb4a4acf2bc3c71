// The link fields of a run, derived from the run schema's paths: one per key of a section
// (`data.seqLen`, `model.type`, …) and one per other top-level key (`seed`), each checked by
// its own schema, so a link key cannot drift from the value it reads. Lists and objects
// travel as JSON text.
import { z } from './zod';
import { runSpecSchema, type RunSpec } from './runSpec';

type Key = keyof RunSpec;
type Section = { [K in Key]: RunSpec[K] extends object ? K : never }[Key];
type TopLevelField = Exclude<Key, Section | 'version'>;

/** `seed`, `data.seqLen`, `model.type`, …: the key of a field in a link and in the UI. */
export type FieldKey = TopLevelField | { [S in Section]: `${S}.${keyof RunSpec[S] & string}` }[Section];
export type FieldValue<K extends FieldKey> = K extends `${infer S extends Section}.${infer F}`
  ? F extends keyof RunSpec[S]
    ? RunSpec[S][F]
    : never
  : K extends Key
    ? RunSpec[K]
    : never;

export interface Field {
  key: FieldKey;
  /** Checks (and converts) a value read from a link or a file. */
  schema: z.ZodType;
  /** Lists and objects travel as JSON in the URL. */
  json: boolean;
}

/** A field whose value was refused, and why: the field keeps its default. */
export interface Rejection {
  field: string;
  value: string;
  /** The schema's words (kept as they were: saved links' tests compare them). */
  reason: string;
  /** The same for people, as the page shows it: "'abc' is not a number". */
  message: string;
}

function travelsAsJson(schema: z.ZodType): boolean {
  const inner = schema instanceof z.ZodNullable || schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  return inner instanceof z.ZodArray || inner instanceof z.ZodObject;
}

/** In schema order, which is the order of a link. */
export const FIELDS: readonly Field[] = Object.entries(runSpecSchema.shape).flatMap(([name, schema]): Field[] => {
  if (name === 'version') return []; // travels as `v`
  const leaves: [string, z.ZodType][] = schema instanceof z.ZodObject ? Object.entries(schema.shape).map(([k, s]) => [`${name}.${k}`, s]) : [[name, schema]];
  return leaves.map(([key, s]) => ({ key: key as FieldKey, schema: s, json: travelsAsJson(s) }));
});

const FIELD_KEYS: ReadonlySet<string> = new Set(FIELDS.map((f) => f.key));

export function isFieldKey(key: string): key is FieldKey {
  return FIELD_KEYS.has(key);
}

/** The object holding a field, and the field's name in it. */
function slot(spec: RunSpec, key: FieldKey): [Record<string, unknown>, string] {
  const dot = key.indexOf('.');
  if (dot < 0) return [spec as unknown as Record<string, unknown>, key];
  return [spec[key.slice(0, dot) as Section] as unknown as Record<string, unknown>, key.slice(dot + 1)];
}

export function fieldValue<K extends FieldKey>(spec: RunSpec, key: K): FieldValue<K> {
  if (!isFieldKey(key)) throw new Error(`unknown run field ${key}`);
  const [holder, name] = slot(spec, key);
  return holder[name] as FieldValue<K>;
}

/** Sets a field in place to a value its schema has already checked. */
export function setFieldValue(spec: RunSpec, key: FieldKey, value: unknown): void {
  const [holder, name] = slot(spec, key);
  holder[name] = value;
}

/** A rejection with the value shown short; `message` defaults to the reason (rules across fields say it in words already). */
export function rejection(field: string, value: unknown, reason: string, message = reason): Rejection {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return { field, value: s.length > 80 ? `${s.slice(0, 77)}…` : s, reason, message };
}
