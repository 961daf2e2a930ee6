// zstd.ts — the zstd blobs of METADATA and USER_META (spec/FORMAT.md §3). Decoding uses the pure-JS fzstd
// and checks the frame's content checksum when it has one. Encoding without native code emits a valid
// Zstandard frame (RFC 8878) made only of Raw blocks: no compression, but any zstd decoder reads it; the
// header records the content size (§1) and the frame ends with the XXH64 content checksum (§1 SHOULD).
import { decompress } from "fzstd";
import { ByteBuilder, view } from "./bytes.js";
import { CddError, Status } from "./errors.js";
import { xxh64 } from "./xxh64.js";

const ZSTD_MAGIC = 0xfd2fb528;
const MAX_BLOCK = 128 * 1024; // RFC 8878 Block_Maximum_Size

/** The Frame_Content_Size a frame header declares, or undefined when absent/unreadable. */
export function zstdFrameContentSize(frame: Uint8Array): number | undefined {
  if (frame.length < 6) return undefined;
  const dv = view(frame);
  if (dv.getUint32(0, true) !== ZSTD_MAGIC) return undefined;
  const fhd = frame[4]!;
  const fcsFlag = fhd >>> 6;
  const single = (fhd >>> 5) & 1;
  const didFlag = fhd & 3;
  let at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][didFlag]!;
  const fcsSize = [single ? 1 : 0, 2, 4, 8][fcsFlag]!;
  if (fcsSize === 0 || at + fcsSize > frame.length) return undefined;
  switch (fcsSize) {
    case 1:
      return frame[at]!;
    case 2:
      return dv.getUint16(at, true) + 256;
    case 4:
      return dv.getUint32(at, true);
    default: {
      const v = dv.getBigUint64(at, true);
      return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
    }
  }
}

/** Decodes one zstd frame; `what` names the blob in errors. Refuses frames without a content size. */
export function zstdDecode(frame: Uint8Array, what: string, maxSize = 1 << 30): Uint8Array {
  const size = zstdFrameContentSize(frame);
  if (size === undefined) {
    throw new CddError(Status.FORMAT, `${what}: not a zstd frame with a recorded content size`);
  }
  if (size > maxSize) throw new CddError(Status.FORMAT, `${what}: declared size ${size} exceeds ${maxSize}`);
  // The declared size is allocated: a block (3-byte header and at least one byte for RLE) yields at most
  // Block_Maximum_Size bytes, so a small frame cannot make the reader allocate much.
  if (size > Math.floor(frame.length / 4) * MAX_BLOCK) {
    throw new CddError(Status.FORMAT, `${what}: declares ${size} bytes, more than its ${frame.length}-byte zstd frame can hold`);
  }
  let out: Uint8Array;
  try {
    out = decompress(frame, new Uint8Array(size));
  } catch (e) {
    throw new CddError(Status.FORMAT, `${what}: zstd decode failed: ${(e as Error).message}`, { cause: e });
  }
  if (out.length !== size) {
    throw new CddError(Status.FORMAT, `${what}: zstd frame decoded to ${out.length} bytes, header says ${size}`);
  }
  const fhd = frame[4]!;
  if ((fhd & 0x04) !== 0) {
    // Content checksum: the last 4 bytes of the (single) frame, the low 32 bits of XXH64 of the content.
    const stored = view(frame).getUint32(frame.length - 4, true);
    const computed = Number(xxh64(out) & 0xffffffffn);
    if (stored !== computed) {
      throw new CddError(Status.CORRUPT, `${what}: zstd content checksum mismatch (stored ${stored.toString(16)}, computed ${computed.toString(16)})`);
    }
  }
  return out;
}

/** A valid zstd frame holding `data` in Raw blocks, single-segment, with its content size. */
export function zstdEncodeRaw(data: Uint8Array): Uint8Array {
  const n = data.length;
  const b = new ByteBuilder(n + 32 + 3 * Math.ceil(n / MAX_BLOCK));
  b.u32(ZSTD_MAGIC);
  // Frame_Header_Descriptor: FCS flag (bits 7-6), Single_Segment (bit 5), Content_Checksum (bit 2).
  if (n < 256) {
    b.bytes(Uint8Array.of(0x24, n));
  } else if (n < 65536 + 256) {
    b.bytes(Uint8Array.of(0x64)).u16(n - 256);
  } else if (n <= 0xffffffff) {
    b.bytes(Uint8Array.of(0xa4)).u32(n);
  } else {
    b.bytes(Uint8Array.of(0xe4)).u64(n);
  }
  let at = 0;
  do {
    const len = Math.min(MAX_BLOCK, n - at);
    const last = at + len === n ? 1 : 0;
    const header = last | (0 << 1) | (len << 3); // Block_Type 0 = Raw_Block
    b.bytes(Uint8Array.of(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff));
    b.bytes(data.subarray(at, at + len));
    at += len;
  } while (at < n);
  b.u32(Number(xxh64(data) & 0xffffffffn));
  return b.finish().slice();
}
