"""asyncio reads: results equal the sync path, hundreds of concurrent awaits, the event loop is never
blocked (measured with a ticker), cancellation and closing with reads in flight are safe."""

from __future__ import annotations

import asyncio
import gc
import time

import numpy as np
import pytest

import cdd
from cdd import _async

from conftest import write


@pytest.fixture(scope="module")
def book_file(tmp_path_factory, book_f16):
    return write(tmp_path_factory.mktemp("async") / "book.cdd", book_f16, codec="okx_f16")


def test_read_async_matches_sync(book_file, book_f16):
    async def main():
        with cdd.open(book_file) as r:
            got = await r.read_async(100, 1124)
            out = np.empty((10, 50, 3), np.float16)
            same = await r.read_async(-10, None, out=out)
            empty = await r.read_async(5, 5)
            return got, same, out, empty

    got, same, out, empty = asyncio.run(main())
    np.testing.assert_array_equal(got, book_f16[100:1124])
    assert same is out
    np.testing.assert_array_equal(out, book_f16[-10:])
    assert empty.shape == (0, 50, 3)


def test_hundreds_of_concurrent_awaits(book_file, book_f16):
    rng = np.random.default_rng(9)
    starts = rng.integers(0, len(book_f16) - 1024, size=600)

    async def main():
        with cdd.open(book_file) as r:
            return await asyncio.gather(*(r.read_async(int(s), int(s) + 1024) for s in starts))

    results = asyncio.run(main())
    assert len(results) == 600
    for s, got in zip(starts, results):
        np.testing.assert_array_equal(got, book_f16[s:s + 1024])
    assert _async.in_flight() == 0


def test_event_loop_never_blocked(book_file):
    """A ticker sleeping 1 ms measures the longest gap between its wake-ups while 400 reads run."""

    async def main():
        stalls: list[float] = []
        stop = asyncio.Event()

        async def ticker():
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                stalls.append(now - last)
                last = now

        with cdd.open(book_file) as r:
            tick = asyncio.create_task(ticker())
            await asyncio.sleep(0.01)
            reads = [r.read_async(0, len(r)) for _ in range(40)]
            reads += [r.read_async(i * 7, i * 7 + 1024) for i in range(360)]
            await asyncio.gather(*reads)
            stop.set()
            await tick
        return max(stalls), len(stalls)

    # A full collection of the interpreter's objects (torch and the rest of the suite loaded) can pause
    # every thread for 100 ms; that is not what this test looks for, so the collector waits.
    gc.collect()
    gc.disable()
    try:
        worst, ticks = asyncio.run(main())
    finally:
        gc.enable()
    assert ticks > 5
    assert worst < 0.050, f"event loop stalled {worst * 1000:.1f} ms"


def test_errors_arrive_as_exceptions(book_file):
    async def main():
        with cdd.open(book_file) as r:
            with pytest.raises(cdd.OutOfRangeError):
                await r.read_async(0, len(r) + 1)
            with pytest.raises(TypeError):
                await r.read_async(0, 3, out=np.empty((3, 50, 3), np.float32))

    asyncio.run(main())


def test_cancelled_await_is_harmless(book_file, book_f16):
    async def main():
        with cdd.open(book_file) as r:
            tasks = [asyncio.create_task(r.read_async(0, len(r))) for _ in range(50)]
            await asyncio.sleep(0)
            for t in tasks[::2]:
                t.cancel()
            done = await asyncio.gather(*tasks, return_exceptions=True)
            return done

    done = asyncio.run(main())
    for i, res in enumerate(done):
        if isinstance(res, asyncio.CancelledError):
            continue
        np.testing.assert_array_equal(res, book_f16)
    assert _async.in_flight() == 0


def test_close_with_reads_in_flight(book_file, book_f16):
    """close() returns only when every read in flight finished; each one resolves to its rows or to
    cdd.CancelledError, never to garbage or a crash."""

    async def main():
        r = cdd.open(book_file)
        futures = [asyncio.ensure_future(r.read_async(0, len(r))) for _ in range(200)]
        await asyncio.sleep(0)  # let them start
        r.close()
        assert _async.in_flight() == 0
        results = await asyncio.gather(*futures, return_exceptions=True)
        with pytest.raises(cdd.StateError):
            await r.read_async(0, 1)
        return results

    results = asyncio.run(main())
    ok = cancelled = 0
    for res in results:
        if isinstance(res, cdd.CancelledError):
            cancelled += 1
        else:
            assert isinstance(res, np.ndarray), res
            np.testing.assert_array_equal(res, book_f16)
            ok += 1
    assert ok + cancelled == 200


def test_many_loops_and_threads(book_file, book_f16):
    import threading

    failures: list[BaseException] = []

    def worker(seed: int) -> None:
        async def main():
            with cdd.open(book_file) as r:
                rng = np.random.default_rng(seed)
                for _ in range(5):
                    starts = rng.integers(0, len(r) - 64, size=20)
                    got = await asyncio.gather(*(r.read_async(int(s), int(s) + 64) for s in starts))
                    for s, g in zip(starts, got):
                        np.testing.assert_array_equal(g, book_f16[s:s + 64])

        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
