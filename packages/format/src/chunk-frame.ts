// chunk-frame.ts — chunk frames (spec/FORMAT.md §5): build a frame, parse its header, verify its
// BLAKE3-128 over bytes [0,8) + [24,size), and every §5/§5.3 check against the metadata and the index.
import { ByteBuilder, bytesEqual, toHex, view } from "./bytes.js";
import {
  ChunkType,
  DOWN_CAST_MASK,
  FRAME_FLAGS_OFFSET,
  FRAME_HASH_OFFSET,
  FRAME_SHAPE_OFFSET,
  Flag,
  KNOWN_FLAGS,
  MAX_CHUNK_DIMS,
  MAX_DECODED_CHUNK_BYTES,
  STAGE_MASK,
  dtypeName,
  dtypeSize,
  isDtype,
  isIntegerDtype,
} from "./constants.js";
import { CddError, Status } from "./errors.js";
import { type Hash128Fn, blake3_128 } from "./hash.js";

export interface FrameHeader {
  /** Bytes of the whole frame. */
  size: number;
  type: number;
  dtype: number;
  hash: Uint8Array;
  flags: bigint;
  /** The decoded chunk's shape; shape[0] = rows. */
  shape: number[];
  /** Offset of the payload inside the frame (36 + 4n). */
  payloadOffset: number;
}

/** Smallest frame: 32-byte fixed part, 2 dims, terminator. */
export const MIN_FRAME_SIZE = FRAME_SHAPE_OFFSET + 12;
/** Bytes that always hold the whole frame header (8 dims + terminator). */
export const MAX_FRAME_HEADER_SIZE = FRAME_SHAPE_OFFSET + 4 * (MAX_CHUNK_DIMS + 1);

/** Parses the header of a frame (`bytes` starts at the frame; it holds at least the header). */
export function parseFrameHeader(bytes: Uint8Array, where: string): FrameHeader {
  if (bytes.length < MIN_FRAME_SIZE) throw new CddError(Status.FORMAT, `${where}: truncated frame header`);
  const dv = view(bytes);
  const size = dv.getUint32(0, true);
  if (size < MIN_FRAME_SIZE) throw new CddError(Status.FORMAT, `${where}: frame size ${size} is too small`);
  const shape: number[] = [];
  let at = FRAME_SHAPE_OFFSET;
  for (;;) {
    if (at + 4 > bytes.length || at + 4 > size) throw new CddError(Status.FORMAT, `${where}: shape runs past the frame`);
    const d = dv.getUint32(at, true);
    at += 4;
    if (d === 0) break;
    if (shape.length === MAX_CHUNK_DIMS) {
      throw new CddError(Status.FORMAT, `${where}: shape has no terminating 0 within ${MAX_CHUNK_DIMS + 1} entries`);
    }
    shape.push(d);
  }
  if (shape.length < 2) throw new CddError(Status.FORMAT, `${where}: shape has ${shape.length} dims (2..8 allowed)`);
  return {
    size,
    type: dv.getUint16(4, true),
    dtype: dv.getUint16(6, true),
    hash: bytes.subarray(FRAME_HASH_OFFSET, FRAME_HASH_OFFSET + 16),
    flags: dv.getBigUint64(FRAME_FLAGS_OFFSET, true),
    shape,
    payloadOffset: at,
  };
}

/** BLAKE3-128 of a frame's bytes [0,8) + [24,size). */
export function frameDigest(frame: Uint8Array, hash: Hash128Fn = blake3_128): Uint8Array {
  return hash([frame.subarray(0, FRAME_HASH_OFFSET), frame.subarray(FRAME_FLAGS_OFFSET)]);
}

/** Throws CORRUPT unless the stored hash matches (`frame` is exactly the frame's bytes). */
export function verifyFrame(frame: Uint8Array, where: string, hash: Hash128Fn = blake3_128): void {
  const stored = frame.subarray(FRAME_HASH_OFFSET, FRAME_HASH_OFFSET + 16);
  const digest = frameDigest(frame, hash);
  if (!bytesEqual(digest, stored)) {
    throw new CddError(Status.CORRUPT, `${where}: hash mismatch (stored ${toHex(stored)}, computed ${toHex(digest)})`);
  }
}

/** §5.3 generic checks plus the §5.1 rules of the generic chunk types (1..5). */
export function checkChunkFlags(type: number, dtype: number, flags: bigint, where: string): void {
  const unknown = flags & ~KNOWN_FLAGS;
  if (unknown !== 0n) throw new CddError(Status.UNSUPPORTED, `${where}: unknown chunk flags 0x${unknown.toString(16)}`);
  if ((flags & STAGE_MASK) === STAGE_MASK) throw new CddError(Status.FORMAT, `${where}: flags LZ4 and ZSTD both set`);
  const le = (flags & Flag.LITTLE_ENDIAN) !== 0n;
  const be = (flags & Flag.BIG_ENDIAN) !== 0n;
  if (le && be) throw new CddError(Status.FORMAT, `${where}: flags LITTLE_ENDIAN and BIG_ENDIAN both set`);
  if (be) throw new CddError(Status.UNSUPPORTED, `${where}: big-endian chunks are not supported`);
  if (!le) throw new CddError(Status.FORMAT, `${where}: no endianness flag set`);
  const dc = flags & DOWN_CAST_MASK;
  if ((dc & (dc - 1n)) !== 0n) throw new CddError(Status.FORMAT, `${where}: more than one DOWN_CAST flag`);
  const stage = flags & STAGE_MASK;
  if (type >= ChunkType.RAW && type <= ChunkType.DELTA && dc !== 0n) {
    throw new CddError(Status.FORMAT, `${where}: DOWN_CAST flags are only valid for order-book chunk types`);
  }
  switch (type) {
    case ChunkType.RAW:
      if (stage !== 0n) throw new CddError(Status.FORMAT, `${where}: RAW chunk with an LZ4/ZSTD flag`);
      break;
    case ChunkType.ZSTD:
      if (stage !== Flag.ZSTD) throw new CddError(Status.FORMAT, `${where}: ZSTD chunk without the ZSTD flag`);
      break;
    case ChunkType.LZ4:
      if (stage !== Flag.LZ4) throw new CddError(Status.FORMAT, `${where}: LZ4 chunk without the LZ4 flag`);
      break;
    case ChunkType.DELTA:
      if (!isIntegerDtype(dtype)) {
        throw new CddError(Status.FORMAT, `${where}: DELTA chunk of non-integer dtype ${dtypeName(dtype) ?? dtype}`);
      }
      break;
    default:
      break;
  }
}

/**
 * Checks a parsed frame against the array (§5): dtype, row shape, the index's row count, the frame size
 * bound, the decoded-size limit and the flags. Returns the decoded byte size.
 */
export function checkFrame(
  h: FrameHeader,
  expect: { dtype: number; rowShape: readonly number[]; rows: number; maxSize: number },
  where: string,
): number {
  if (h.size > expect.maxSize) {
    throw new CddError(Status.FORMAT, `${where}: frame size ${h.size} runs past the next structure (${expect.maxSize} bytes available)`);
  }
  if (!isDtype(h.dtype)) throw new CddError(Status.UNSUPPORTED, `${where}: unknown dtype ${h.dtype}`);
  if (h.dtype !== expect.dtype) {
    throw new CddError(Status.FORMAT, `${where}: dtype ${dtypeName(h.dtype)} differs from the array's ${dtypeName(expect.dtype)}`);
  }
  if (h.shape[0] !== expect.rows) {
    throw new CddError(Status.FORMAT, `${where}: frame has ${h.shape[0]} rows, the index says ${expect.rows}`);
  }
  const rs = h.shape.slice(1);
  if (rs.length !== expect.rowShape.length || rs.some((d, i) => d !== expect.rowShape[i])) {
    throw new CddError(Status.FORMAT, `${where}: row shape [${rs.join(",")}] differs from the array's [${expect.rowShape.join(",")}]`);
  }
  let decoded = dtypeSize(h.dtype);
  for (const d of h.shape) decoded *= d;
  if (decoded > MAX_DECODED_CHUNK_BYTES) {
    throw new CddError(Status.FORMAT, `${where}: decoded size ${decoded} exceeds 2^31 bytes`);
  }
  checkChunkFlags(h.type, h.dtype, h.flags, where);
  return decoded;
}

/** Builds a whole frame around `payload` and fills its hash. */
export function buildFrame(
  type: number,
  dtype: number,
  flags: bigint,
  shape: readonly number[],
  payload: Uint8Array,
  hash: Hash128Fn = blake3_128,
): Uint8Array {
  if (shape.length < 2 || shape.length > MAX_CHUNK_DIMS) {
    throw new CddError(Status.INVALID_ARGUMENT, `chunk shape has ${shape.length} dims (2..8 allowed)`);
  }
  const size = FRAME_SHAPE_OFFSET + 4 * (shape.length + 1) + payload.length;
  if (size > 0xffffffff) throw new CddError(Status.INVALID_ARGUMENT, `chunk frame of ${size} bytes exceeds u32`);
  const b = new ByteBuilder(size);
  b.u32(size).u16(type).u16(dtype).zeros(16).u64(flags);
  for (const d of shape) b.u32(d);
  b.u32(0).bytes(payload);
  const frame = b.finish();
  frame.set(frameDigest(frame, hash), FRAME_HASH_OFFSET);
  return frame;
}
