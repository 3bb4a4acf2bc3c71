/**
 * A plain-JS (float64) top-1 MoE layer with hand-written gradients: an oracle for the tfjs
 * implementations that shares no code with them. Semantics as in src/kernels/moe/reference.ts.
 */
export interface MoeCase {
  tokens: number;
  dIn: number;
  /** Hidden width of an FFN expert; undefined for a projection expert (w1, b1 only). */
  hidden?: number;
  dOut: number;
  experts: number;
  capacity: number | null;
  relu: boolean;
  bias: boolean;
}

export interface MoeData {
  x: Float32Array;
  logits: Float32Array;
  valid: Float32Array;
  w1: Float32Array;
  b1?: Float32Array;
  w2?: Float32Array;
  b2?: Float32Array;
  /** Upstream gradient of y: the loss is sum(y ⊙ dy). */
  dy: Float32Array;
}

export interface MoeGrads {
  x: Float64Array;
  logits: Float64Array;
  w1: Float64Array;
  b1?: Float64Array;
  w2?: Float64Array;
  b2?: Float64Array;
}

export interface MoeCpuResult {
  y: Float64Array;
  probs: Float64Array;
  counts: number[];
  dropped: number;
  grads: MoeGrads;
}

export function moeCpuReference(c: MoeCase, data: MoeData): MoeCpuResult {
  const { tokens: T, dIn, dOut, experts: E } = c;
  const ffn = c.hidden !== undefined;
  const h = c.hidden ?? dOut;
  const relu = ffn && c.relu;
  const y = new Float64Array(T * dOut);
  const probs = new Float64Array(T * E);
  const counts = new Array<number>(E).fill(0);
  let dropped = 0;
  const grads: MoeGrads = {
    x: new Float64Array(T * dIn),
    logits: new Float64Array(T * E),
    w1: new Float64Array(E * dIn * h),
    b1: data.b1 ? new Float64Array(E * h) : undefined,
    w2: ffn ? new Float64Array(E * h * dOut) : undefined,
    b2: ffn && data.b2 ? new Float64Array(E * dOut) : undefined,
  };

  for (let t = 0; t < T; t++) {
    const row = Array.from(data.logits.subarray(t * E, (t + 1) * E));
    const max = Math.max(...row);
    const ex = row.map((v) => Math.exp(v - max));
    const sum = ex.reduce((a, b) => a + b, 0);
    for (let e = 0; e < E; e++) probs[t * E + e] = ex[e] / sum;
    if (data.valid[t] === 0) continue;
    let expert = 0;
    for (let e = 1; e < E; e++) if (row[e] > row[expert]) expert = e;
    const slot = counts[expert]++;
    if (c.capacity !== null && slot >= c.capacity) {
      dropped++;
      continue;
    }
    const gate = probs[t * E + expert];
    const xt = data.x.subarray(t * dIn, (t + 1) * dIn);
    const pre = new Float64Array(h);
    for (let j = 0; j < h; j++) {
      let s = data.b1 ? data.b1[expert * h + j] : 0;
      for (let i = 0; i < dIn; i++) s += xt[i] * data.w1[(expert * dIn + i) * h + j];
      pre[j] = s;
    }
    const act = pre.map((v) => (relu ? Math.max(v, 0) : v));
    let out = act;
    if (ffn) {
      out = new Float64Array(dOut);
      for (let o = 0; o < dOut; o++) {
        let s = data.b2 ? data.b2[expert * dOut + o] : 0;
        for (let j = 0; j < h; j++) s += act[j] * data.w2![(expert * h + j) * dOut + o];
        out[o] = s;
      }
    }
    const dyt = data.dy.subarray(t * dOut, (t + 1) * dOut);
    let dGate = 0;
    for (let o = 0; o < dOut; o++) {
      y[t * dOut + o] = gate * out[o];
      dGate += dyt[o] * out[o];
    }
    // Softmax backward of the gate probs[t, expert].
    for (let e = 0; e < E; e++) {
      grads.logits[t * E + e] = dGate * gate * ((e === expert ? 1 : 0) - probs[t * E + e]);
    }
    const dOutV = Array.from(dyt, (v) => v * gate);
    let dAct = new Float64Array(h);
    if (ffn) {
      for (let j = 0; j < h; j++) {
        let s = 0;
        for (let o = 0; o < dOut; o++) {
          grads.w2![(expert * h + j) * dOut + o] += act[j] * dOutV[o];
          s += dOutV[o] * data.w2![(expert * h + j) * dOut + o];
        }
        dAct[j] = s;
      }
      if (grads.b2) for (let o = 0; o < dOut; o++) grads.b2[expert * dOut + o] += dOutV[o];
    } else {
      dAct = Float64Array.from(dOutV);
    }
    const dPre = dAct.map((v, j) => (relu && pre[j] <= 0 ? 0 : v));
    if (grads.b1) for (let j = 0; j < h; j++) grads.b1[expert * h + j] += dPre[j];
    for (let i = 0; i < dIn; i++) {
      let s = 0;
      for (let j = 0; j < h; j++) {
        grads.w1[(expert * dIn + i) * h + j] += xt[i] * dPre[j];
        s += dPre[j] * data.w1[(expert * dIn + i) * h + j];
      }
      grads.x[t * dIn + i] = s;
    }
  }
  return { y, probs, counts, dropped, grads };
}
