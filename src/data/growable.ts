// Typed arrays that grow by doubling: the full pass over a file appends one value per event
// without knowing how many events the file holds, and keeps numbers, never row strings.
type TypedArray = Int32Array | Float32Array | Float64Array | Int8Array;
type Ctor<T extends TypedArray> = new (n: number) => T;

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    initial = 1024,
  ) {
    this.data = new ctor(initial);
  }

  push(x: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = x;
  }

  /** Sets index i, growing (and filling with `fill`) when i is past the end. */
  set(i: number, x: number, fill = 0): void {
    if (i >= this.data.length) this.grow(i + 1);
    if (i >= this.length) {
      this.data.fill(fill, this.length, i);
      this.length = i + 1;
    }
    this.data[i] = x;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The values, without a copy (valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  private grow(min: number): void {
    let n = Math.max(16, this.data.length);
    while (n < min) n *= 2;
    const next = new this.ctor(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A copy of a string that does not share memory with the chunk it was cut from (V8 keeps
 *  a slice's parent alive: a vocabulary of slices would keep the whole file's text). */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
