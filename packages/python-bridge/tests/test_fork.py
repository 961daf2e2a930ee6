"""A process forked after libcdd did parallel and async work (a PyTorch DataLoader worker, say) still
reads correctly, sync and async, instead of hanging on thread pools that did not survive the fork."""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import sys

import numpy as np
import pytest

import cdd

from conftest import write

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork is POSIX only")


def child_reads(path: str, expected_sum: float, queue) -> None:
    try:
        with cdd.open(path) as r:
            full = r[:]
            ok_sync = float(full.astype(np.float64).sum()) == expected_sum

            async def main():
                parts = await asyncio.gather(*(r.read_async(i, i + 100) for i in range(0, len(r) - 100, 250)))
                return all(np.array_equal(p, full[i:i + 100]) for p, i in zip(parts, range(0, len(r) - 100, 250)))

            ok_async = asyncio.run(main())
        queue.put((ok_sync, ok_async))
    except BaseException as exc:  # noqa: BLE001
        queue.put(repr(exc))


def test_forked_child_reads(tmp_path, book_f16):
    path = write(tmp_path / "fork.cdd", book_f16, codec="okx_f16")
    with cdd.open(path) as r:  # warm every pool in the parent first
        expected = float(r[:].astype(np.float64).sum())

        async def warm():
            await asyncio.gather(*(r.read_async(0, 1000) for _ in range(8)))

        asyncio.run(warm())
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=child_reads, args=(str(path), expected, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    try:
        results = [queue.get(timeout=30) for _ in procs]  # a hang in the child shows up as queue.Empty
        for p in procs:
            p.join(timeout=30)
            assert p.exitcode == 0
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    assert results == [(True, True)] * 2, results
