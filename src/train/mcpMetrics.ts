// What MCP pre-training reports, as plain numbers (charts, headless JSON, tests).
import type { ChannelKind } from '../run/channelKinds';
import type { MemoryUse } from './metrics';

/** One MCP task (channel) over the masked positions of a batch or of the validation users. */
export interface McpChannelMetrics {
  name: string;
  kind: ChannelKind;
  /** L_mcp^i (README §Model 3.1): mean −log p(true value) over the masked positions; squared error for dense channels. Null with nothing masked. */
  loss: number | null;
  /** Share of masked positions whose value is the top prediction (category, id). */
  accuracy: number | null;
  /** HR@10: share of masked positions whose value is among the 10 top predictions (channels with more than 10 classes). */
  hitRate10: number | null;
  /** |S_i|: masked positions counted. */
  masked: number;
}
export interface McpStepMetrics {
  step: number;
  /** Σ_i L_mcp^i + balance + z. */
  loss: number;
  balanceLoss: number;
  zLoss: number;
  channels: McpChannelMetrics[];
  tokens: number;
  stepMs: number;
  /** Global gradient norm, on the steps that measure it (guard.ts). */
  gradNorm?: number;
  /** Live tensors and device bytes after the step (the worker sets them). */
  memory?: MemoryUse;
}

export interface McpEvalMetrics {
  step: number;
  /** On the validation users, with the same masks at every evaluation. */
  channels: McpChannelMetrics[];
  /** The same measures of the values predicted from their frequency alone (mcpReference.ts), on the same masked positions; absent in runs saved before it. */
  reference?: McpChannelMetrics[];
  evalMs: number;
}
