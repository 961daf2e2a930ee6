// xxh64.ts — XXH64 (seed 0), for the optional content checksum of zstd frames (RFC 8878 §3.1.1: the low
// 32 bits of XXH64 of the decompressed content). BigInt arithmetic: only metadata blobs pass through it.

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

function round(acc: bigint, input: bigint): bigint {
  return (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
}

function merge(acc: bigint, val: bigint): bigint {
  return (((acc ^ round(0n, val)) * P1) & MASK) + P4 & MASK;
}

export function xxh64(data: Uint8Array): bigint {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  let at = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & MASK;
    for (; at + 32 <= n; at += 32) {
      v1 = round(v1, dv.getBigUint64(at, true));
      v2 = round(v2, dv.getBigUint64(at + 8, true));
      v3 = round(v3, dv.getBigUint64(at + 16, true));
      v4 = round(v4, dv.getBigUint64(at + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(n)) & MASK;
  for (; at + 8 <= n; at += 8) {
    h ^= round(0n, dv.getBigUint64(at, true));
    h = (rotl(h, 27n) * P1 + P4) & MASK;
  }
  if (at + 4 <= n) {
    h ^= (BigInt(dv.getUint32(at, true)) * P1) & MASK;
    h = (rotl(h, 23n) * P2 + P3) & MASK;
    at += 4;
  }
  for (; at < n; at++) {
    h ^= (BigInt(data[at]!) * P5) & MASK;
    h = (rotl(h, 11n) * P1) & MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}
