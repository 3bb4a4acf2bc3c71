import { MAX_EXPERTS, ROUTE_BLOCK, TILE_ROWS, routeLayoutWgsl, routeUniformDecl, type RouteLayout } from './routeLayout';
import { GridProgram } from '../../webgpu/gridProgram';
import { ceilDiv } from '../../webgpu/program';

/** Experts' shared-memory tables are sized to a power of two ≥ 64, so E ∈ 1..64 shares one shader. */
export function expertTableSize(numExperts: number): number {
  if (numExperts > MAX_EXPERTS) {
    throw new Error(`MoE kernels support at most ${MAX_EXPERTS} experts, got ${numExperts}`);
  }
  let size = 64;
  while (size < numExperts) size *= 2;
  return size;
}

/**
 * Global slots from the routing kernel's per-block ranks and the block scan's earlier-block
 * counts, one workgroup per token block (same blocks as RouteProgram):
 *   slot[t] = (tokens routed to expert[t] in earlier blocks) + rank[t]
 * i.e. the number of earlier valid tokens routed to the same expert: first come, first kept.
 * Each workgroup re-derives the kept counts min(total, C), the segment starts (exclusive scan
 * of kept) and the tile starts from the E totals (O(E), serial in shared memory), which needs no
 * cross-workgroup synchronisation.
 * Output: the route buffer described in routeLayout.ts; every element is written exactly once.
 */
export class PositionsProgram extends GridProgram {
  variableNames = ['routing', 'scan'];
  private readonly tableSize: number;

  constructor(layout: RouteLayout) {
    const tableSize = expertTableSize(layout.numExperts);
    super({
      shaderKey: `moePositions_block${ROUTE_BLOCK}_tileRows${TILE_ROWS}_experts${tableSize}`,
      outputShape: [layout.size],
      dispatch: [ceilDiv(layout.numTokens, ROUTE_BLOCK), 1, 1],
      workgroupSize: [ROUTE_BLOCK, 1, 1],
      uniforms: `${routeUniformDecl}capacity : i32, numBlocks : i32, maxTiles : i32, `,
    });
    this.tableSize = tableSize;
  }

  getUserCode(): string {
    const n = this.tableSize;
    return `
  ${routeLayoutWgsl}
  const BLOCK : i32 = ${ROUTE_BLOCK};
  const TILE_ROWS : i32 = ${TILE_ROWS};
  var<workgroup> before : array<i32, ${n}>;
  var<workgroup> total : array<i32, ${n}>;
  var<workgroup> segStart : array<i32, ${n + 1}>;
  var<workgroup> tileStart : array<i32, ${n + 1}>;
  var<workgroup> droppedTotal : i32;

  fn main() {
    let numTokens = uniforms.numTokens;
    let numExperts = uniforms.numExperts;
    let capacity = uniforms.capacity;
    let lid = i32(localId.x);
    let block = i32(workgroupId.x);

    for (var e = lid; e < numExperts; e += BLOCK) {
      before[e] = scan[block * numExperts + e];
      total[e] = scan[uniforms.numBlocks * numExperts + e];
    }
    workgroupBarrier();

    // E is small (≤ ${MAX_EXPERTS}): one thread scans it serially, in a fixed order.
    if (lid == 0) {
      var row = 0;
      var tile = 0;
      var dropped = 0;
      for (var e = 0; e < numExperts; e++) {
        let kept = min(total[e], capacity);
        segStart[e] = row;
        tileStart[e] = tile;
        row += kept;
        tile += (kept + TILE_ROWS - 1) / TILE_ROWS;
        dropped += total[e] - kept;
      }
      segStart[numExperts] = row;
      tileStart[numExperts] = tile;
      droppedTotal = dropped;
    }
    workgroupBarrier();

    let t = block * BLOCK + lid;
    if (t < numTokens) {
      let expert = routing[t];
      var dest = -1;
      if (expert >= 0) {
        let slot = before[expert] + routing[numTokens + t];
        if (slot < capacity) {
          dest = segStart[expert] + slot;
          result[rlSrc() + dest] = t;
        }
      }
      result[t] = dest;
      result[rlExpert() + t] = expert;
      // Packed rows past the kept ones belong to no token; kept rows are written above.
      if (t >= segStart[numExperts]) {
        result[rlSrc() + t] = -1;
      }
    }

    if (block == 0) {
      for (var e = lid; e <= numExperts; e += BLOCK) {
        result[rlSegStart() + e] = segStart[e];
        result[rlTileStart() + e] = tileStart[e];
        if (e < numExperts) {
          result[rlCounts() + e] = total[e];
        }
      }
      if (lid == 0) {
        result[rlDropped()] = droppedTotal;
      }
    }

    // Tile j -> owning expert: the largest e with tileStart[e] <= j (binary search; experts
    // without tiles have tileStart[e] == tileStart[e + 1] and are skipped by 'largest').
    let usedTiles = tileStart[numExperts];
    for (var j = t; j < uniforms.maxTiles; j += uniforms.numBlocks * BLOCK) {
      var owner = -1;
      if (j < usedTiles) {
        var lo = 0;
        var hi = numExperts - 1;
        while (lo < hi) {
          let mid = (lo + hi + 1) / 2;
          if (tileStart[mid] <= j) {
            lo = mid;
          } else {
            hi = mid - 1;
          }
        }
        owner = lo;
      }
      result[rlTileExpert() + j] = owner;
    }
  }
`;
  }
}
