// inspect.ts — a structural report of a CDD file (header, metadata, index blocks, chunks with their types,
// sizes and rows), optionally checking every chunk hash; used by the cdd-inspect bin.
import { verifyFrame } from "./chunk-frame.js";
import { chunkTypeName, dtypeName } from "./constants.js";
import { CddError } from "./errors.js";
import { Reader } from "./reader.js";
import type { ByteStore } from "./store.js";

export interface InspectReport {
  formatVersion: number;
  dtype: string;
  rowShape: number[];
  codec: string;
  codecLevel: number;
  codecFlags: string;
  chunkTargetBytes: number;
  chunkRows: number;
  indexCapacity: number;
  writer: string | undefined;
  userMetaBytes: number;
  numRows: number;
  numChunks: number;
  indexBlocks: { offset: number; type: string; capacity: number; count: number; seq: number; next: number }[];
  chunks: { index: number; offset: number; firstRow: number; rows: number; type: string; storedBytes: number; flags: string }[];
  /** Present when verification ran: undefined = every chunk hash matches, else the first error. */
  verifyError?: string | undefined;
}

function typeLabel(t: number): string {
  return chunkTypeName(t) ?? String(t);
}

/** Inspects the file in `store`; `verify` also decodes nothing but checks every chunk's hash. */
export async function inspect(store: ByteStore, opts: { verify?: boolean } = {}): Promise<InspectReport> {
  const r = await Reader.open(store);
  const info = r.info();
  const chunks: InspectReport["chunks"] = [];
  let verifyError: string | undefined;
  for (let i = 0; i < r.numChunks; i++) {
    const h = await r.chunkHeader(i);
    chunks.push({
      index: i,
      offset: h.offset,
      firstRow: h.firstRow,
      rows: h.rows,
      type: typeLabel(h.type),
      storedBytes: h.storedBytes,
      flags: `0x${h.flags.toString(16)}`,
    });
  }
  if (opts.verify) {
    verifyError = await verifyAll(store);
  }
  const blocks = r.indexBlocks();
  return {
    formatVersion: info.formatVersion,
    dtype: dtypeName(info.dtype) ?? String(info.dtype),
    rowShape: info.rowShape,
    codec: typeLabel(info.codec),
    codecLevel: info.codecLevel,
    codecFlags: `0x${info.codecFlags.toString(16)}`,
    chunkTargetBytes: info.chunkTargetBytes,
    chunkRows: info.chunkRows,
    indexCapacity: info.indexCapacity,
    writer: info.writer,
    userMetaBytes: r.userMeta?.length ?? 0,
    numRows: info.numRows,
    numChunks: info.numChunks,
    indexBlocks: blocks.map((b) => ({
      offset: b.offset,
      type: b.type === 1 ? "RAW" : "LZ4",
      capacity: b.capacity,
      count: b.count,
      seq: b.seq,
      next: b.next,
    })),
    chunks,
    ...(opts.verify ? { verifyError } : {}),
  };
}

/** Checks every chunk's hash without decoding; returns the first error message or undefined. */
async function verifyAll(store: ByteStore): Promise<string | undefined> {
  const r = await Reader.open(store);
  for (let i = 0; i < r.numChunks; i++) {
    try {
      const h = await r.chunkHeader(i);
      verifyFrame(await store.read(h.offset, h.storedBytes), `chunk ${i} at offset ${h.offset}`);
    } catch (e) {
      if (CddError.isInstance(e)) return e.message;
      throw e;
    }
  }
  return undefined;
}
