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

/**
 * A column of per-event values in fixed-size blocks: appending never copies, and the one
 * exact-size array is assembled at the end, so a 20-million-event column takes its size
 * (not up to twice it, as a doubling buffer would) while the file is read.
 */
export class BlockArray<T extends TypedArray> {
  private readonly blocks: T[] = [];
  private current: T;
  private pos = 0;
  private full = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    private readonly blockSize = 1 << 20,
  ) {
    this.current = new ctor(Math.min(blockSize, 4096));
  }

  get length(): number {
    return this.full + this.pos;
  }

  push(x: number): void {
    if (this.pos === this.current.length) this.nextBlock();
    this.current[this.pos++] = x;
  }

  /** The values as one array; the blocks are released. */
  finish(): T {
    const out = new this.ctor(this.length);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b, at);
      at += b.length;
    }
    out.set(this.current.subarray(0, this.pos), at);
    this.blocks.length = 0;
    this.current = new this.ctor(0);
    this.full = 0;
    this.pos = 0;
    return out;
  }

  private nextBlock(): void {
    // The first block grows to full size; full blocks are kept as they are.
    if (this.current.length < this.blockSize && this.blocks.length === 0) {
      const bigger = new this.ctor(Math.min(this.blockSize, this.current.length * 4));
      bigger.set(this.current);
      this.current = bigger;
      return;
    }
    this.blocks.push(this.current);
    this.full += this.current.length;
    this.current = new this.ctor(this.blockSize);
    this.pos = 0;
  }
}

/** A copy of a string that does not share memory with the chunk it was cut from (V8 keeps
 *  a slice's parent alive: a vocabulary of slices would keep the whole file's text). */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
