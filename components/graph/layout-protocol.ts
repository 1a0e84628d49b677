/** Messages between the page and the layout worker: plain data only. */
export interface LayoutRequest {
  id: number;
  nodes: { id: string; parent?: string }[];
  edges: { id: string; source: string; target: string }[];
  /** Positions to keep: nodes that existed before with the same parent. */
  fixed: Record<string, { x: number; y: number }>;
}

export interface LayoutResult {
  id: number;
  positions: Record<string, { x: number; y: number }>;
  ms: number;
  error?: string;
}

/** Leaf node size the worker lays out with; the stylesheet draws clusters this size. */
export const NODE_SIZE = 46;
