// lz4.ts — the LZ4 block format (no frame), used by LZ4 index blocks (spec/FORMAT.md §4.2): a bounds-checked
// decoder that never reads or writes outside its buffers, and a greedy single-pass encoder.
import { CddError, Status } from "./errors.js";

const MIN_MATCH = 4;
const LAST_LITERALS = 5; // the last 5 bytes of a block are always literals
const MF_LIMIT = 12; // the last match starts at least 12 bytes before the end
const HASH_LOG = 14;

function bad(what: string): never {
  throw new CddError(Status.CODEC, `lz4 block: ${what}`);
}

/** Decodes one LZ4 block that must decode to exactly `decodedSize` bytes. Damage → CddError CODEC. */
export function lz4DecompressBlock(src: Uint8Array, decodedSize: number, out?: Uint8Array): Uint8Array {
  const dst = out ?? new Uint8Array(decodedSize);
  if (dst.length < decodedSize) bad(`output buffer of ${dst.length} bytes is smaller than ${decodedSize}`);
  const n = src.length;
  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= n) bad(`truncated at input byte ${ip}`);
    const token = src[ip++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (ip >= n) bad("truncated literal length");
        b = src[ip++]!;
        lit += b;
      } while (b === 255);
    }
    if (ip + lit > n) bad(`literals run past the input (${lit} at ${ip})`);
    if (op + lit > decodedSize) bad(`literals run past the output (${lit} at ${op})`);
    dst.set(src.subarray(ip, ip + lit), op);
    ip += lit;
    op += lit;
    if (ip === n) break; // the last sequence has literals only
    if (ip + 2 > n) bad("truncated match offset");
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op) bad(`match offset ${offset} at output ${op} is out of range`);
    let ml = token & 15;
    if (ml === 15) {
      let b: number;
      do {
        if (ip >= n) bad("truncated match length");
        b = src[ip++]!;
        ml += b;
      } while (b === 255);
    }
    ml += MIN_MATCH;
    if (op + ml > decodedSize) bad(`match runs past the output (${ml} at ${op})`);
    let from = op - offset;
    if (offset >= ml) {
      dst.copyWithin(op, from, from + ml);
      op += ml;
    } else {
      for (const end = op + ml; op < end; ) dst[op++] = dst[from++]!;
    }
  }
  if (op !== decodedSize) bad(`decoded ${op} bytes, expected ${decodedSize}`);
  return dst;
}

function read32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

function writeLength(out: Uint8Array, op: number, len: number): number {
  while (len >= 255) {
    out[op++] = 255;
    len -= 255;
  }
  out[op++] = len;
  return op;
}

/** Compresses `src` into one LZ4 block (greedy, hash of 4-byte sequences, 64 KiB window). */
export function lz4CompressBlock(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(n + Math.ceil(n / 255) + 16);
  let op = 0;
  let anchor = 0;
  if (n > MF_LIMIT) {
    const table = new Int32Array(1 << HASH_LOG).fill(-1);
    const matchStartLimit = n - MF_LIMIT;
    const matchEndLimit = n - LAST_LITERALS;
    let ip = 0;
    while (ip < matchStartLimit) {
      const seq = read32(src, ip);
      const h = Math.imul(seq, 2654435761) >>> (32 - HASH_LOG);
      const ref = table[h]!;
      table[h] = ip;
      if (ref < 0 || ip - ref > 65535 || read32(src, ref) !== seq) {
        ip++;
        continue;
      }
      let ml = MIN_MATCH;
      while (ip + ml < matchEndLimit && src[ref + ml] === src[ip + ml]) ml++;
      const lit = ip - anchor;
      const mlCode = ml - MIN_MATCH;
      out[op++] = (Math.min(lit, 15) << 4) | Math.min(mlCode, 15);
      if (lit >= 15) op = writeLength(out, op, lit - 15);
      out.set(src.subarray(anchor, ip), op);
      op += lit;
      const offset = ip - ref;
      out[op++] = offset & 0xff;
      out[op++] = offset >>> 8;
      if (mlCode >= 15) op = writeLength(out, op, mlCode - 15);
      ip += ml;
      anchor = ip;
    }
  }
  const lit = n - anchor;
  out[op++] = Math.min(lit, 15) << 4;
  if (lit >= 15) op = writeLength(out, op, lit - 15);
  out.set(src.subarray(anchor, n), op);
  op += lit;
  return out.slice(0, op);
}
