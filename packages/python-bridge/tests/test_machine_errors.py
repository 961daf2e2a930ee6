"""The machine's errors seen from Python: a full disk (a real 256 KiB tmpfs when the tests run as root and
may mount one; skipped with the reason otherwise), a short write at the file size limit (RLIMIT_FSIZE in a
child process: the kernel writes part of the flush, then fails with EFBIG; no root needed), permission
denied (checked in a child without the capabilities that let root bypass file permissions), each a typed
exception (cdd.CddIOError)
naming the file and the OS reason, with the file readable up to the last successful flush and appending
continuing once the cause is gone. (A lock held by another process: test_two_processes.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest

import cdd
from cdd import gen

SRC = str(Path(cdd.__file__).resolve().parents[1])


@pytest.fixture
def small_tmpfs():
    if os.geteuid() != 0:
        pytest.skip("not root: cannot mount a small tmpfs for the disk-full test")
    if shutil.which("mount") is None:
        pytest.skip("no mount command to mount a small tmpfs")
    where = tempfile.mkdtemp(prefix="cdd-enospc-")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", where], capture_output=True, text=True)
    if done.returncode != 0:
        os.rmdir(where)
        pytest.skip(f"cannot mount a tmpfs at {where}: {done.stderr.strip()}")
    try:
        yield Path(where)
    finally:
        subprocess.run(["umount", "-l", where], check=False)
        os.rmdir(where)


def test_disk_full_is_cdd_io_error_and_flushed_rows_survive(small_tmpfs):
    path = small_tmpfs / "full.cdd"
    filler = small_tmpfs / "filler"
    filler.write_bytes(b"z" * (64 << 10))
    books = gen.orderbook_f16(20000, seed=5)
    last_ok = 0
    w = cdd.open(path, "w", codec="okx_f16", sync=True)
    with pytest.raises(cdd.CddIOError) as info:
        for start in range(0, len(books), 97):
            w.append(books[start:start + 97])
            w.flush()
            last_ok = w.rows_committed
    assert "No space left on device" in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.code == cdd.CddIOError.code
    with pytest.raises(cdd.CddError):  # the writer stopped after the failure
        w.close()
    assert last_ok > 0
    with cdd.open(path) as r:
        have = len(r)
        assert last_ok <= have < len(books)
        np.testing.assert_array_equal(r[:].view(np.uint16), books[:have].view(np.uint16))
    filler.unlink()  # space comes back: the file opens to append (its tail repaired) and continues
    with cdd.open(path, "a", sync=True) as w2:
        assert w2.rows_committed == have
        w2.append(books[have:have + 100])
    with cdd.open(path) as r:
        assert len(r) == have + 100
        np.testing.assert_array_equal(r[:].view(np.uint16), books[:have + 100].view(np.uint16))


WRITE_TO_LIMIT = """
    import resource, signal, sys
    sys.path.insert(0, sys.argv[1])
    import cdd
    from cdd import gen
    path, limit = sys.argv[2], int(sys.argv[3])
    books = gen.orderbook_f16(20000, seed=5)
    w = cdd.open(path, "w", codec="okx_f16")
    w.append(books[:2000])
    w.flush()
    last_ok = w.rows_committed
    print("start", last_ok, flush=True)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    try:
        for start in range(2000, len(books), 97):
            w.append(books[start:start + 97])
            w.flush()
            last_ok = w.rows_committed
        print("never failed", last_ok)
    except cdd.CddError as exc:
        print("failed", last_ok, type(exc).__name__, exc.code, exc, flush=True)
    try:
        w.close()
        print("closed")
    except cdd.CddError as exc:
        print("close", type(exc).__name__)
"""


def test_short_write_at_the_file_size_limit_is_cdd_io_error_and_flushed_rows_survive(tmp_path):
    """A flush that crosses RLIMIT_FSIZE: the kernel writes part of it, then refuses the rest (EFBIG). The
    writer raises CddIOError naming the file and the reason, every row of the last successful flush reads
    back bit-exact, and once the limit is gone the file opens to append (its torn tail cut) and goes on."""
    path = tmp_path / "limited.cdd"
    books = gen.orderbook_f16(20000, seed=5)
    # The limit: 40 KiB past the file as it is after the first flush of 2000 rows (seen by a dry run).
    probe = tmp_path / "probe.cdd"
    with cdd.open(probe, "w", codec="okx_f16") as w:
        w.append(books[:2000])
    limit = probe.stat().st_size + (40 << 10)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(WRITE_TO_LIMIT), SRC, str(path), str(limit)],
                          capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "start 2000", done.stdout
    said = lines[1].split(" ", 4)
    assert said[0] == "failed", done.stdout
    last_ok = int(said[1])
    assert said[2:4] == ["CddIOError", str(cdd.CddIOError.code)], done.stdout
    assert "File too large" in said[4] and str(path) in said[4], done.stdout
    assert lines[2] == "close StateError", done.stdout  # the writer stopped after the failure
    size = path.stat().st_size
    assert limit - 4096 < size <= limit, f"the kernel's partial write should end near the limit: {size} vs {limit}"
    assert 2000 < last_ok < len(books)
    with cdd.open(path) as r:
        have = len(r)
        assert last_ok <= have < len(books)
        np.testing.assert_array_equal(r[:].view(np.uint16), books[:have].view(np.uint16))
    with cdd.open(path, "a") as w:
        assert w.rows_committed == have
        w.append(books[have:have + 100])
    with cdd.open(path) as r:
        assert len(r) == have + 100
        np.testing.assert_array_equal(r[:].view(np.uint16), books[:have + 100].view(np.uint16))


TRY_OPEN = """
    import sys
    sys.path.insert(0, sys.argv[1])
    import cdd
    try:
        cdd.open(sys.argv[2], sys.argv[3]).close()
        print("opened")
    except cdd.CddError as exc:
        print(type(exc).__name__, exc.code, exc)
"""


def _drop_file_capabilities() -> None:
    """In the child before exec: remove CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so
    that root after exec is refused by file permissions like any user (and still reaches its Python)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def open_as_other_user(path: Path, mode: str) -> str:
    """Opens `path` in `mode` in a child process; when this one is root, the child runs without the
    capabilities that bypass file permissions."""
    run_as = _drop_file_capabilities if os.geteuid() == 0 else None
    try:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(TRY_OPEN), SRC, str(path), mode],
                              capture_output=True, text=True, preexec_fn=run_as, timeout=60, env=os.environ.copy())
    except subprocess.SubprocessError as exc:
        pytest.skip(f"root, and cannot drop CAP_DAC_OVERRIDE in a child to see file permissions: {exc}")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_permission_denied_is_cdd_io_error_and_the_file_stays_readable():
    where = Path(tempfile.mkdtemp(prefix="cdd-perm-"))
    try:
        path = where / "readonly.cdd"
        books = gen.orderbook_f16(500, seed=6)
        with cdd.open(path, "w", codec="okx_f16") as w:
            w.append(books)
        path.chmod(0o444)
        said = open_as_other_user(path, "a")
        assert said.startswith("CddIOError 2 cannot open"), said
        assert "Permission denied" in said and str(path) in said
        with cdd.open(path) as r:
            np.testing.assert_array_equal(r[:].view(np.uint16), books.view(np.uint16))
        path.chmod(0o000)
        said = open_as_other_user(path, "r")
        assert said.startswith("CddIOError 2 cannot open") and "Permission denied" in said, said
        path.chmod(0o644)
        with cdd.open(path) as r:
            assert len(r) == 500
    finally:
        shutil.rmtree(where, ignore_errors=True)
