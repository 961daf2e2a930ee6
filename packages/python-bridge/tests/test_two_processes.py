"""One process appends while others read: a reader sees a consistent prefix at every refresh (one reader,
and one writer with four reader processes checking every row against the generator's data), and a
second writer in another process gets cdd.LockedError."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import cdd
from cdd import gen

SRC = str(Path(cdd.__file__).resolve().parents[1])  # where the cdd under test lives (src/ or site-packages)


def spawn(code: str, *args: str, stdin: int | None = None) -> subprocess.Popen:
    prelude = f"import sys; sys.path.insert(0, {SRC!r})\n"
    return subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(code), *args],
        stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


WRITER = """
    import sys, time
    import numpy as np
    import cdd
    from cdd import gen
    path, batches = sys.argv[1], int(sys.argv[2])
    books = gen.orderbook_f16(batches * 250, seed=21)
    with cdd.open(path, "w", codec="okx_f16", chunk_rows=100) as w:
        for i in range(batches):
            w.append(books[i * 250:(i + 1) * 250])
            w.flush()
            print(w.rows_committed, flush=True)
            time.sleep(0.02)
        print("done", flush=True)
        sys.stdin.readline() if len(sys.argv) > 3 else None
"""


@pytest.mark.parametrize("mmap", [False, True])
def test_reader_sees_consistent_prefix_while_writer_appends(tmp_path, mmap):
    path = tmp_path / "live.cdd"
    batches = 30
    expected = gen.orderbook_f16(batches * 250, seed=21)
    proc = spawn(WRITER, str(path), str(batches))
    try:
        deadline = time.time() + 30
        while not path.exists() or path.stat().st_size == 0:
            assert time.time() < deadline and proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.005)
        time.sleep(0.05)
        seen = []
        with cdd.open(path, mmap=mmap) as r:
            while proc.poll() is None or len(r) < batches * 250:
                n = r.refresh()
                seen.append(n)
                if n:
                    got = r[:]
                    np.testing.assert_array_equal(got.view(np.uint16), expected[:n].view(np.uint16))
                    np.testing.assert_array_equal(r[n - 1], expected[n - 1])
                assert time.time() < deadline
                time.sleep(0.01)
        assert seen == sorted(seen)  # never goes backwards
        assert seen[-1] == batches * 250
        assert len(set(seen)) > 2  # saw intermediate states, not just the end
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""


def test_second_writer_in_another_process_is_locked(tmp_path):
    path = tmp_path / "locked.cdd"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {SRC!r})\n" + textwrap.dedent(WRITER),
         str(path), "2", "hold"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        while holder.stdout.readline().strip() != "done":
            assert holder.poll() is None, holder.stderr.read() if holder.stderr else ""
        try:
            cdd.open(path, "a")
            raise AssertionError("a second writer opened a locked file")
        except cdd.LockedError as exc:
            assert "writer" in str(exc)
        # Readers are never blocked by the writer.
        with cdd.open(path) as r:
            assert len(r) == 500
        holder.stdin.write("\n")
        holder.stdin.flush()
    finally:
        holder.wait(timeout=30)
    with cdd.open(path, "a") as w:  # the lock went with the process
        w.append(gen.orderbook_f16(10, seed=1))
    with cdd.open(path) as r:
        assert len(r) == 510


SWMR_WRITER = """
    import random, sys, time
    import cdd
    from cdd import gen
    path, rows = sys.argv[1], int(sys.argv[2])
    books = gen.orderbook_f16(rows, seed=31)
    rng = random.Random(5)
    with cdd.open(path, "w", codec="okx_f16", index_capacity=8) as w:
        w.append(books[:500])
        w.flush()
        print(w.rows_committed, flush=True)
        sys.stdin.readline()  # the readers have opened the file
        at = 500
        while at < rows:
            n = min(rows - at, rng.randint(1, 600))
            w.append(books[at:at + n])
            at += n
            if rng.random() < 0.8:
                w.flush()
                print(w.rows_committed, flush=True)
                time.sleep(0.002)
    print("done", flush=True)
"""

SWMR_READER = """
    import random, sys, time
    import numpy as np
    import cdd
    from cdd import gen
    path, rows, mmap = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    expected = gen.orderbook_f16(rows, seed=31).view(np.uint16)
    rng = random.Random()
    seen = refreshes = checked = 0
    deadline = time.time() + 120
    with cdd.open(path, mmap=mmap) as r:
        print("ready", flush=True)
        while seen < rows:
            n = r.refresh()
            refreshes += 1
            assert n >= seen, f"row count went backwards: {seen} -> {n}"
            if n > seen:
                np.testing.assert_array_equal(r[seen:n].view(np.uint16), expected[seen:n])
                checked += n - seen
                a = rng.randrange(n)
                b = min(n, a + rng.randint(1, 300))
                np.testing.assert_array_equal(r[a:b].view(np.uint16), expected[a:b])
                checked += b - a
                seen = n
            else:
                time.sleep(0.001)
            assert time.time() < deadline, f"timed out at {seen} of {rows} rows"
    print("ok", seen, refreshes, checked, flush=True)
"""


def test_one_writer_four_reader_processes_see_every_flushed_row_and_nothing_else(tmp_path):
    path = tmp_path / "swmr.cdd"
    rows = 100000
    writer = spawn(SWMR_WRITER, str(path), str(rows), stdin=subprocess.PIPE)
    readers = []
    try:
        assert writer.stdout is not None and writer.stdin is not None
        first = writer.stdout.readline().strip()  # the file has rows: readers open it mid-append
        assert first == "500", (first, writer.stderr.read() if writer.stderr else "")
        readers = [spawn(SWMR_READER, str(path), str(rows), "1" if i % 2 else "0") for i in range(4)]
        for p in readers:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready", p.stderr.read() if p.stderr else ""
        writer.stdin.write("go\n")
        writer.stdin.flush()
        rest = writer.stdout.read().split()
        assert rest[-1] == "done"
        for i, p in enumerate(readers):
            out, err = p.communicate(timeout=180)
            assert p.returncode == 0, f"reader {i}: {err}"
            word, seen, refreshes, checked = out.split()
            assert word == "ok" and int(seen) == rows and int(checked) >= rows
            assert int(refreshes) > 1
    finally:
        writer.wait(timeout=60)
        for p in readers:
            if p.poll() is None:
                p.kill()
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
