// metadata.ts — the METADATA records (spec/FORMAT.md §3): a TLV list `u16 tag, u32 len, value` in
// increasing tag order; unknown tags are skipped, known tags are length-checked, required tags enforced.
import { ByteBuilder, view } from "./bytes.js";
import {
  DEFAULT_INDEX_CAPACITY,
  Dtype,
  MAX_DECODED_CHUNK_BYTES,
  MAX_INDEX_CAPACITY,
  MAX_ROW_DIMS,
  MetaTag,
  dtypeSize,
  isDtype,
} from "./constants.js";
import { CddError, Status } from "./errors.js";

/** The library's own description of the array (the decoded METADATA). */
export interface ArrayMeta {
  dtype: Dtype;
  /** Shape of one row, e.g. [50, 3]; [1] for a scalar series. */
  rowShape: number[];
  /** Default chunk type the writer uses. */
  codec: number;
  codecLevel: number;
  /** Default chunk flags (§5.3) the writer sets, stored without LITTLE_ENDIAN (every chunk adds it). */
  codecFlags: bigint;
  chunkTargetBytes: number;
  chunkRows: number;
  indexCapacity: number;
  writer?: string;
  codecParams?: Uint8Array;
}

function fail(message: string): never {
  throw new CddError(Status.FORMAT, `metadata: ${message}`);
}

function checkShape(shape: readonly number[]): void {
  if (shape.length < 1 || shape.length > MAX_ROW_DIMS) fail(`row_shape has ${shape.length} dims (1..7 allowed)`);
  for (const d of shape) if (!Number.isInteger(d) || d < 1 || d > 0xffffffff) fail(`row_shape dim ${d} is invalid`);
}

/** Checks the fields a writer is about to store; throws INVALID_ARGUMENT naming the bad one. */
export function validateMeta(meta: ArrayMeta): void {
  try {
    if (!isDtype(meta.dtype)) throw new CddError(Status.UNSUPPORTED, `unknown dtype ${meta.dtype}`);
    checkShape(meta.rowShape);
    if (!Number.isInteger(meta.codec) || meta.codec < 1 || meta.codec > 0xffff) fail(`codec ${meta.codec} is invalid`);
    if (meta.indexCapacity < 1 || meta.indexCapacity > MAX_INDEX_CAPACITY) {
      fail(`index_capacity ${meta.indexCapacity} outside 1..${MAX_INDEX_CAPACITY}`);
    }
  } catch (e) {
    if (CddError.isInstance(e) && e.code === Status.FORMAT) throw new CddError(Status.INVALID_ARGUMENT, e.message);
    throw e;
  }
}

/** Serializes the records (uncompressed). */
export function encodeMetaRecords(meta: ArrayMeta): Uint8Array {
  validateMeta(meta);
  const b = new ByteBuilder();
  b.u16(MetaTag.DTYPE).u32(2).u16(meta.dtype);
  b.u16(MetaTag.ROW_SHAPE).u32(4 * meta.rowShape.length);
  for (const d of meta.rowShape) b.u32(d);
  b.u16(MetaTag.CODEC).u32(2).u16(meta.codec);
  b.u16(MetaTag.CODEC_LEVEL).u32(4).i32(meta.codecLevel);
  b.u16(MetaTag.CODEC_FLAGS).u32(8).u64(meta.codecFlags);
  b.u16(MetaTag.CHUNK_TARGET_BYTES).u32(4).u32(meta.chunkTargetBytes);
  b.u16(MetaTag.CHUNK_ROWS).u32(4).u32(meta.chunkRows);
  b.u16(MetaTag.INDEX_CAPACITY).u32(4).u32(meta.indexCapacity);
  if (meta.writer !== undefined) {
    const w = new TextEncoder().encode(meta.writer);
    b.u16(MetaTag.WRITER).u32(w.length).bytes(w);
  }
  if (meta.codecParams !== undefined) b.u16(MetaTag.CODEC_PARAMS).u32(meta.codecParams.length).bytes(meta.codecParams);
  return b.finish().slice();
}

const FIXED_LENGTHS: Partial<Record<number, number>> = {
  [MetaTag.DTYPE]: 2,
  [MetaTag.CODEC]: 2,
  [MetaTag.CODEC_LEVEL]: 4,
  [MetaTag.CODEC_FLAGS]: 8,
  [MetaTag.CHUNK_TARGET_BYTES]: 4,
  [MetaTag.CHUNK_ROWS]: 4,
  [MetaTag.INDEX_CAPACITY]: 4,
};

const REQUIRED: readonly [number, string][] = [
  [MetaTag.DTYPE, "dtype"],
  [MetaTag.ROW_SHAPE, "row_shape"],
  [MetaTag.CODEC, "codec"],
  [MetaTag.CODEC_LEVEL, "codec_level"],
  [MetaTag.CODEC_FLAGS, "codec_flags"],
  [MetaTag.CHUNK_TARGET_BYTES, "chunk_target_bytes"],
  [MetaTag.CHUNK_ROWS, "chunk_rows"],
  [MetaTag.INDEX_CAPACITY, "index_capacity"],
];

/** Parses decompressed METADATA records. */
export function decodeMetaRecords(bytes: Uint8Array): ArrayMeta {
  const dv = view(bytes);
  const seen = new Set<number>();
  const meta: Partial<ArrayMeta> = {};
  let at = 0;
  let lastTag = 0;
  while (at < bytes.length) {
    if (at + 6 > bytes.length) fail(`record header at byte ${at} runs past the end (${bytes.length})`);
    const tag = dv.getUint16(at, true);
    const len = dv.getUint32(at + 2, true);
    const v = at + 6;
    if (v + len > bytes.length) fail(`record tag ${tag} at byte ${at} (length ${len}) runs past the end`);
    if (tag <= lastTag) fail(`record tag ${tag} at byte ${at} is not in increasing order after ${lastTag}`);
    lastTag = tag;
    seen.add(tag);
    const want = FIXED_LENGTHS[tag];
    if (want !== undefined && len !== want) fail(`record tag ${tag} has length ${len}, expected ${want}`);
    switch (tag) {
      case MetaTag.DTYPE: {
        const d = dv.getUint16(v, true);
        if (!isDtype(d)) throw new CddError(Status.UNSUPPORTED, `metadata: unknown dtype ${d}`);
        meta.dtype = d;
        break;
      }
      case MetaTag.ROW_SHAPE: {
        if (len % 4 !== 0) fail(`row_shape length ${len} is not a multiple of 4`);
        const shape: number[] = [];
        for (let i = 0; i < len; i += 4) shape.push(dv.getUint32(v + i, true));
        checkShape(shape);
        meta.rowShape = shape;
        break;
      }
      case MetaTag.CODEC:
        meta.codec = dv.getUint16(v, true);
        break;
      case MetaTag.CODEC_LEVEL:
        meta.codecLevel = dv.getInt32(v, true);
        break;
      case MetaTag.CODEC_FLAGS:
        meta.codecFlags = dv.getBigUint64(v, true);
        break;
      case MetaTag.CHUNK_TARGET_BYTES:
        meta.chunkTargetBytes = dv.getUint32(v, true);
        break;
      case MetaTag.CHUNK_ROWS:
        meta.chunkRows = dv.getUint32(v, true);
        break;
      case MetaTag.INDEX_CAPACITY: {
        const c = dv.getUint32(v, true);
        if (c < 1 || c > MAX_INDEX_CAPACITY) fail(`index_capacity ${c} outside 1..${MAX_INDEX_CAPACITY}`);
        meta.indexCapacity = c;
        break;
      }
      case MetaTag.WRITER:
        meta.writer = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(v, v + len));
        break;
      case MetaTag.CODEC_PARAMS:
        meta.codecParams = bytes.slice(v, v + len);
        break;
      default:
        break; // unknown tags are skipped (later writers add fields this way)
    }
    at = v + len;
  }
  for (const [tag, name] of REQUIRED) if (!seen.has(tag)) fail(`required record ${name} (tag ${tag}) is missing`);
  const rowBytes = meta.rowShape!.reduce((a, b) => a * b, dtypeSize(meta.dtype!));
  if (rowBytes > MAX_DECODED_CHUNK_BYTES) fail(`one row of ${rowBytes} bytes exceeds the 2^31-byte chunk limit`);
  return meta as ArrayMeta;
}

/** Writer defaults for the metadata fields not given. */
export const META_DEFAULTS = {
  chunkTargetBytes: 4096,
  chunkRows: 0,
  indexCapacity: DEFAULT_INDEX_CAPACITY,
} as const;
