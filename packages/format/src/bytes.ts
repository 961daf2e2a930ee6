// bytes.ts — little-endian field access over Uint8Array (spec/FORMAT.md §1: every integer is LE) and a
// growable byte builder for serializing structures.
import { CddError, Status } from "./errors.js";

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a u64 as a JS number; values above 2^53 - 1 are a format error naming `what`. */
export function getU64Number(dv: DataView, offset: number, what: string): number {
  const lo = dv.getUint32(offset, true);
  const hi = dv.getUint32(offset + 4, true);
  if (hi > 0x1fffff) {
    throw new CddError(Status.FORMAT, `${what}: value ${(BigInt(hi) << 32n) | BigInt(lo)} exceeds 2^53-1`);
  }
  return hi * 0x100000000 + lo;
}

/** Writes a non-negative safe integer as u64 LE. */
export function setU64Number(dv: DataView, offset: number, value: number): void {
  dv.setUint32(offset, value >>> 0, true);
  dv.setUint32(offset + 4, Math.floor(value / 0x100000000), true);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An append-only little-endian byte builder. */
export class ByteBuilder {
  private buf: Uint8Array;
  private dv: DataView;
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.dv = view(this.buf);
  }

  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, at + n));
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.dv = view(next);
    }
    this.length = at + n;
    return at;
  }

  u16(v: number): this {
    this.dv.setUint16(this.reserve(2), v, true);
    return this;
  }
  u32(v: number): this {
    this.dv.setUint32(this.reserve(4), v, true);
    return this;
  }
  i32(v: number): this {
    this.dv.setInt32(this.reserve(4), v, true);
    return this;
  }
  u64(v: number | bigint): this {
    this.dv.setBigUint64(this.reserve(8), BigInt(v), true);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.buf.set(b, this.reserve(b.length));
    return this;
  }
  zeros(n: number): this {
    this.buf.fill(0, this.reserve(n), this.length);
    return this;
  }
  /** The bytes written so far (a copy-free view until the next write). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
