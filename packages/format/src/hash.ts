// hash.ts — BLAKE3-128 (spec/FORMAT.md §1: the first 16 bytes of the unkeyed BLAKE3 output) over one or
// more byte ranges. Pure JS (@noble/hashes) by default; a native implementation can be plugged in.
import { blake3 } from "@noble/hashes/blake3.js";

/** Hashes the concatenation of `parts` and returns the 16-byte BLAKE3-128 digest. */
export type Hash128Fn = (parts: readonly Uint8Array[]) => Uint8Array;

export const blake3_128: Hash128Fn = (parts) => {
  const h = blake3.create({ dkLen: 16 });
  for (const p of parts) h.update(p);
  return h.digest();
};
