/**
 * Layout of the int32 "route" buffer that the positions kernel writes and every later MoE
 * kernel reads. One buffer instead of six tensors because a tfjs WebGPU program has a single
 * output, and the whole routing decision is produced by one dispatch.
 *
 *   [0, T)                 dest[t]      packed row of token t, -1 if padding or dropped
 *   [T, 2T)                src[r]       token held by packed row r, -1 if the row is unused
 *   [2T, 3T)               expert[t]    top-1 expert of token t, -1 for padding
 *   [3T, 3T+E+1)           segStart[e]  first packed row of expert e; segStart[E] = rows kept
 *   [.., +E+1)             tileStart[e] first grouped-matmul tile of expert e; [E] = tiles used
 *   [.., +E)               counts[e]    valid tokens routed to e, before capacity drops
 *   [.., +1)               dropped      valid tokens dropped by the capacity limit
 *   [.., +maxTiles)        tileExpert[j] expert owning tile j, -1 for a spare tile
 */

/**
 * Tokens per routing workgroup, one thread per token. A thread counts the earlier tokens of its
 * block routed to its expert (O(block) reads of shared memory), so the block is kept small: on
 * 12,288 tokens × 12 experts 256 took 93 ms and 32 took 21 ms (SwiftShader); 32 is a warp.
 */
export const ROUTE_BLOCK = 32;

/**
 * Packed rows per grouped-matmul tile. Segments are padded to it only inside the tile schedule
 * (never in memory), so small tiles waste little work when experts get few tokens.
 */
export const TILE_ROWS = 16;

/** Largest expert count the positions kernel's shared-memory tables are built for. */
export const MAX_EXPERTS = 512;

export interface RouteLayout {
  numTokens: number;
  numExperts: number;
  dest: number;
  src: number;
  expert: number;
  segStart: number;
  tileStart: number;
  counts: number;
  dropped: number;
  tileExpert: number;
  /** Upper bound on tiles: sum over experts of ceil(kept_e / TILE_ROWS) ≤ ceil(T / TILE_ROWS) + min(E, T). */
  maxTiles: number;
  size: number;
}

export function routeLayout(numTokens: number, numExperts: number): RouteLayout {
  const t = numTokens;
  const e = numExperts;
  const maxTiles = Math.ceil(t / TILE_ROWS) + Math.min(e, t);
  const segStart = 3 * t;
  const tileStart = segStart + e + 1;
  const counts = tileStart + e + 1;
  const dropped = counts + e;
  const tileExpert = dropped + 1;
  return {
    numTokens: t,
    numExperts: e,
    dest: 0,
    src: t,
    expert: 2 * t,
    segStart,
    tileStart,
    counts,
    dropped,
    tileExpert,
    maxTiles,
    size: tileExpert + maxTiles,
  };
}

/**
 * WGSL accessors for the sections above, computed from the `numTokens` and `numExperts`
 * uniforms so one compiled shader serves every token count.
 */
export const routeLayoutWgsl = `
  fn rlSrc() -> i32 { return uniforms.numTokens; }
  fn rlExpert() -> i32 { return 2 * uniforms.numTokens; }
  fn rlSegStart() -> i32 { return 3 * uniforms.numTokens; }
  fn rlTileStart() -> i32 { return rlSegStart() + uniforms.numExperts + 1; }
  fn rlCounts() -> i32 { return rlTileStart() + uniforms.numExperts + 1; }
  fn rlDropped() -> i32 { return rlCounts() + uniforms.numExperts; }
  fn rlTileExpert() -> i32 { return rlDropped() + 1; }
`;

/** The uniform fields that routeLayoutWgsl reads; every program with a route input declares them. */
export const routeUniformDecl = 'numTokens : i32, numExperts : i32, ';

export function routeUniforms(layout: RouteLayout): Array<{ type: 'int32'; data: number[] }> {
  return [
    { type: 'int32', data: [layout.numTokens] },
    { type: 'int32', data: [layout.numExperts] },
  ];
}
