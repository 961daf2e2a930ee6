// reader-types.ts — the plain records the Reader returns (array info, chunk info from the index, chunk
// info from the frame header).
import type { ArrayMeta } from "./metadata.js";

export interface ArrayInfo extends ArrayMeta {
  rowBytes: number;
  numRows: number;
  numChunks: number;
  numIndexBlocks: number;
  formatVersion: number;
  /** End of the last index block or start of the last chunk, whichever is later (no chunk I/O). */
  indexEnd: number;
}

/** A chunk as the index describes it (no chunk I/O). */
export interface ChunkInfo {
  index: number;
  offset: number;
  firstRow: number;
  rows: number;
}

/** A chunk with its frame header read and checked. */
export interface ChunkHeaderInfo extends ChunkInfo {
  type: number;
  storedBytes: number;
  flags: bigint;
  shape: number[];
}
