// The run written down, and read back: the share link (every field in the URL hash) and the
// run-spec JSON file. Both are read field by field, so one bad field falls back to its
// default without losing the rest, and a rule across fields resets what breaks it.
import { enforceConsistency } from './consistency';
import { explainIssue, showValue } from './explain';
import { FIELDS, isFieldKey, rejection, setFieldValue, fieldValue, type FieldKey, type FieldValue, type Rejection } from './fields';
import { defaultSpec, RUN_SPEC_VERSION, type RunSpec } from './runSpec';

export interface DecodeResult {
  spec: RunSpec;
  rejected: Rejection[];
  /** Keys present in the input that no field knows (ignored, but reported). */
  unknown: string[];
}

/** What the settings added in version 8 were in version 7: a link or file of version 7 opens with these (value weights trained from 0, summed over every event; vocabularies fitted on the early-stopping holdout too). */
export const V7_SETTINGS = {
  'model.wideFit': false,
  'model.wideBag': 'count',
  'data.holdoutUnseen': false,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/** What the settings added in version 7 were in version 6: a link or file of version 6 opens with these (towers without weights on the events' values). */
export const V6_SETTINGS = {
  'model.wideIds': false,
  ...V7_SETTINGS,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/** What the settings added in version 6 were in version 5: a link or file of version 5 opens with these (the towers read the summary linearly only). */
export const V5_SETTINGS = {
  'model.summaryHidden': 0,
  ...V6_SETTINGS,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/** What the settings added in version 5 were in version 4: a link or file of version 4 opens with these (no weight averaging). */
export const V4_SETTINGS = {
  'train.emaDecay': 0,
  ...V5_SETTINGS,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/** What the settings added in version 4 were in version 3: a link or file of version 3 opens with these (no clipping, so its results stay as they were). */
export const V3_SETTINGS = {
  'train.clipNorm': 0,
  ...V4_SETTINGS,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/** What the settings added in version 3 were in version 2: a link or file of version 2 opens with these. */
export const V2_SETTINGS = {
  'train.earlyStopPerTask': false,
  ...V3_SETTINGS,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/**
 * What the settings added since version 1 were in it: a link or file of version 1 leaves
 * them out, and opens with these, so that it means the run it meant when it was made.
 */
export const V1_SETTINGS = {
  'data.predictionTime': '',
  'data.eventAge': false,
  'data.userSummary': false,
  'data.mergeSameTime': false,
  'data.idMinUsers': 1,
  'model.dropout': 0,
  'model.towerInit': 'random',
  'train.earlyStopHoldout': 0,
  'train.patience': 0,
  'train.schedule': 'constant',
  'train.warmup': 0,
  'train.weightDecay': 0,
  ...V2_SETTINGS,
} as const satisfies { readonly [K in FieldKey]?: FieldValue<K> };

/** Each older version's settings of then: version n opens with Vn_SETTINGS (the settings added after it, at their values before). */
const SETTINGS_THEN: Readonly<Record<number, Readonly<Partial<Record<FieldKey, unknown>>>>> = { 1: V1_SETTINGS, 2: V2_SETTINGS, 3: V3_SETTINGS, 4: V4_SETTINGS, 5: V5_SETTINGS, 6: V6_SETTINGS, 7: V7_SETTINGS };

/** Versions a link or file may carry: the older ones above and the current one. */
const KNOWN_VERSIONS: readonly number[] = [...Object.keys(SETTINGS_THEN).map(Number), RUN_SPEC_VERSION];

/** The defaults a link or file of `version` was made against. */
function defaultsOf(version: number, defaults: RunSpec): RunSpec {
  const spec = structuredClone(defaults);
  const then = SETTINGS_THEN[version] ?? {};
  for (const [key, value] of Object.entries(then)) setFieldValue(spec, key as FieldKey, value);
  return spec;
}

/** Reads each known field from flat key → value pairs; a value that fails keeps the default. */
function decodeFlat(values: Map<string, unknown>, defaults: RunSpec): DecodeResult {
  const spec = structuredClone(defaults);
  const rejected: Rejection[] = [];
  for (const f of FIELDS) {
    if (!values.has(f.key)) continue;
    let raw = values.get(f.key);
    if (f.json && typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        rejected.push(rejection(f.key, raw, 'not valid JSON', `${showValue(raw)} is not valid JSON`));
        continue;
      }
    }
    const parsed = f.schema.safeParse(raw);
    if (parsed.success) setFieldValue(spec, f.key, parsed.data);
    else {
      const issue = parsed.error.issues[0];
      rejected.push(issue ? rejection(f.key, raw, issue.message, explainIssue(issue, raw)) : rejection(f.key, raw, 'invalid'));
    }
  }
  rejected.push(...enforceConsistency(spec, defaults));
  const unknown = [...values.keys()].filter((k) => k !== 'v' && !isFieldKey(k));
  return { spec, rejected, unknown };
}

/** The URL hash of a run: every field, so the link means the same run on any machine. */
export function encodeHash(spec: RunSpec): string {
  const params = new URLSearchParams();
  params.set('v', String(RUN_SPEC_VERSION));
  for (const f of FIELDS) {
    const v = fieldValue(spec, f.key);
    params.set(f.key, f.json ? JSON.stringify(v) : String(v));
  }
  return `#${params.toString()}`;
}

export function decodeHash(hash: string, defaults: RunSpec = defaultSpec()): DecodeResult {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const values = new Map<string, unknown>();
  params.forEach((v, k) => values.set(k, v));
  const v = params.get('v');
  const known = v === null || KNOWN_VERSIONS.includes(Number(v));
  const result = decodeFlat(values, defaultsOf(known && v !== null ? Number(v) : RUN_SPEC_VERSION, defaults));
  if (!known) {
    result.rejected.unshift(rejection('v', v, `links of version ${v} are not known; read as version ${RUN_SPEC_VERSION}`));
  }
  return result;
}

/** True when a hash holds any run field (an empty hash means "no link opened"). */
export function hashHasRun(hash: string): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return FIELDS.some((f) => params.has(f.key));
}

/** The downloadable run spec: the nested object, pretty-printed. */
export function toJson(spec: RunSpec): string {
  return JSON.stringify(spec, null, 2);
}

/** `data`, `model`…: the top-level keys whose value is an object of settings. */
const SECTIONS: ReadonlySet<string> = new Set(FIELDS.flatMap((f) => (f.key.includes('.') ? [f.key.slice(0, f.key.indexOf('.'))] : [])));

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Flat `section.key` → value pairs of a parsed file. Only the top level nests: a section's keys
 * are fields, and whatever a field holds is its value (a JSON field's list or object, or a
 * wrong value to refuse), so that no value given for a field can vanish unread.
 */
function flatten(obj: unknown, out: Map<string, unknown>): void {
  if (!isObject(obj)) {
    out.set('', obj);
    return;
  }
  for (const [k, v] of Object.entries(obj)) {
    if (isFieldKey(k) || !isObject(v)) out.set(k, v);
    else for (const [f, x] of Object.entries(v)) out.set(`${k}.${f}`, x);
  }
}

/** Sections (`data`, `model`…) that a file gives as something other than an object of settings. */
function misshapenSections(values: Map<string, unknown>): Rejection[] {
  const out: Rejection[] = [];
  for (const [key, value] of values) {
    if (!SECTIONS.has(key)) continue;
    out.push(rejection(key, value, 'expected an object of settings', `${showValue(value)} is not an object of ${key} settings: every ${key} setting keeps its default`));
    values.delete(key);
  }
  return out;
}

/** Reads a run-spec JSON file with the same per-field checks as a link. */
export function fromJson(text: string, defaults: RunSpec = defaultSpec()): DecodeResult {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { spec: structuredClone(defaults), rejected: [rejection('(file)', text, `not JSON: ${(e as Error).message}`)], unknown: [] };
  }
  const values = new Map<string, unknown>();
  flatten(obj, values);
  values.delete('version');
  const misshapen = misshapenSections(values);
  const version = (obj as { version?: unknown } | null)?.version;
  const known = version === undefined || (typeof version === 'number' && KNOWN_VERSIONS.includes(version));
  const result = decodeFlat(values, defaultsOf(known && typeof version === 'number' ? version : RUN_SPEC_VERSION, defaults));
  result.rejected.unshift(...misshapen);
  if (!known) {
    result.rejected.unshift(rejection('version', version, `unknown version; read as ${RUN_SPEC_VERSION}`));
  }
  return result;
}

/**
 * Why `text` is not a run-spec file at all, or null when it is one (then fromJson reads it field
 * by field). Opening such a file must leave the current run alone, not replace it with defaults.
 */
export function notARunSpec(text: string): string | null {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return `it is not JSON (${(e as Error).message})`;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return 'it is JSON, but not an object with the settings of a run';
  const values = new Map<string, unknown>();
  flatten(obj, values);
  return [...values.keys()].some(isFieldKey) ? null : 'none of its keys is a setting of a run';
}

/** Accepts a share link, a bare hash or run-spec JSON text. */
export function decodeAny(input: string, defaults: RunSpec = defaultSpec()): DecodeResult {
  const t = input.trim();
  if (t.startsWith('{')) return fromJson(t, defaults);
  const i = t.indexOf('#');
  return decodeHash(i >= 0 ? t.slice(i) : t, defaults);
}

/** `spec` with one field changed, checked like a link field; a rejected value leaves `spec` as is. */
export function withField(spec: RunSpec, key: FieldKey, value: unknown): { spec: RunSpec; rejected: Rejection[] } {
  const result = decodeFlat(new Map([[key, value]]), spec);
  return result.rejected.length > 0 ? { spec, rejected: result.rejected } : { spec: result.spec, rejected: [] };
}
