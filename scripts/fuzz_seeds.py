#!/usr/bin/env python3
"""fuzz_seeds.py — seed corpora for the fuzz targets of native/fuzz/, cut from the golden files of
spec/vectors: whole files (file), headers (header), every index block (index_block), every chunk frame
(chunk_frame), every chunk payload with the codec target's description prefix (codec), .npy headers (npy).

usage: fuzz_seeds.py VECTORS_DIR OUT_DIR   (writes OUT_DIR/<target>/<name>)
"""
import os
import struct
import sys

# Chunk types in the order the codec target lists the registry (ascending type).
CODEC_ORDER = [1, 2, 3, 4, 5, 16, 17, 18, 19]


def blocks_and_chunks(b):
    lm = struct.unpack_from("<I", b, 12)[0]
    lu = struct.unpack_from("<I", b, 16 + lm)[0]
    index0 = 20 + lm + lu
    blocks, chunks, off = [], [], index0
    while off:
        size, typ, _, cap, _ = struct.unpack_from("<IHHII", b, off)
        recs = [struct.unpack_from("<QQQ", b, off + 16 + 40 * i) for i in range(2)]
        seq, count, nxt = max(recs, key=lambda r: r[0])
        blocks.append((off, size))
        if typ == 1:
            for i in range(count):
                chunks.append(struct.unpack_from("<Q", b, off + 96 + 8 * i)[0])
        off = nxt
    return index0, blocks, chunks


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def codec_seed(frame):
    size, typ, dtype = struct.unpack_from("<IHH", frame, 0)
    flags = struct.unpack_from("<Q", frame, 24)[0]
    shape, at = [], 32
    while at + 4 <= len(frame):
        d = struct.unpack_from("<I", frame, at)[0]
        at += 4
        if d == 0:
            break
        shape.append(d)
    if typ not in CODEC_ORDER or not shape:
        return None
    rows, row = shape[0], shape[1:]
    stage = 1 if flags & 1 else 2 if flags & 2 else 0
    cast = next((k + 1 for k in range(5) if flags & (16 << k)), 0)
    mode = 2 if row == [50, 3] else 0
    dims = row[:3] if row else [1]
    head = bytes([CODEC_ORDER.index(typ), mode, (dtype - 1) % 256, stage | (cast << 2), len(dims) - 1])
    head += bytes([(d - 1) % 64 for d in dims]) + struct.pack("<H", (rows - 1) % 512) + bytes([3])
    return head + frame[at:size]


def main():
    vectors, out = sys.argv[1], sys.argv[2]
    for name in sorted(os.listdir(vectors)):
        path = os.path.join(vectors, name)
        with open(path, "rb") as f:
            b = f.read()
        stem = os.path.splitext(name)[0]
        if name.endswith(".npy"):
            write(out, "npy", stem, b[:256])
            continue
        if not name.endswith(".cdd"):
            continue
        write(out, "file", stem, b)
        index0, blocks, chunks = blocks_and_chunks(b)
        write(out, "header", stem, b[:index0])
        for k, (off, size) in enumerate(blocks):
            write(out, "index_block", f"{stem}.{k}", b[off:off + size])
        for i, off in enumerate(chunks):
            size = struct.unpack_from("<I", b, off)[0]
            frame = b[off:off + size]
            write(out, "chunk_frame", f"{stem}.{i}", frame)
            seed = codec_seed(frame)
            if seed is not None:
                write(out, "codec", f"{stem}.{i}", seed)


if __name__ == "__main__":
    main()
