"""`python -m cdd convert`: zarr v2 and v3 arrays to .cdd, bit-exact, resumable after an interruption,
refusing a different source, verified."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cdd
from cdd.convert import convert

zarr = pytest.importorskip("zarr")
SRC = str(Path(cdd.__file__).resolve().parents[1])  # where the cdd under test lives (src/ or site-packages)


def make_zarr(path: Path, data: np.ndarray, fmt: int) -> str:
    arr = zarr.create_array(store=str(path), shape=data.shape, dtype=data.dtype,
                            chunks=(500,) + data.shape[1:], zarr_format=fmt, overwrite=True)
    arr[:] = data
    return str(path)


@pytest.mark.parametrize("fmt", [2, 3])
def test_convert_book(tmp_path, book_f16, fmt):
    src = make_zarr(tmp_path / f"book{fmt}.zarr", book_f16, fmt)
    dst = tmp_path / "book.cdd"
    rows = convert(src, str(dst), codec="okx_f16", progress=False)
    assert rows == len(book_f16)
    with cdd.open(dst) as r:
        assert r.metadata["codec"] == "okx_ob_f16"
        np.testing.assert_array_equal(r[:].view(np.uint16), book_f16.view(np.uint16))


def test_resume_after_interruption(tmp_path, book_f32):
    src = make_zarr(tmp_path / "b.zarr", book_f32, 3)
    dst = str(tmp_path / "b.cdd")
    partial = convert(src, dst, batch_rows=500, stop_after_rows=1500, progress=False)
    assert partial == 1500
    seen = []
    rows = convert(src, dst, batch_rows=500, progress=False, on_batch=seen.append)
    assert rows == len(book_f32)
    assert seen[0] == 2000  # resumed after the committed rows, not from 0
    with cdd.open(dst) as r:
        np.testing.assert_array_equal(r[:], book_f32)


def test_other_source_is_refused(tmp_path, book_f32):
    a = make_zarr(tmp_path / "a.zarr", book_f32[:1000], 3)
    b = make_zarr(tmp_path / "b.zarr", book_f32[:1000], 3)
    dst = str(tmp_path / "x.cdd")
    convert(a, dst, progress=False)
    with pytest.raises(SystemExit, match="another source"):
        convert(b, dst, progress=False)
    assert convert(b, dst, progress=False, restart=True) == 1000


def test_cli(tmp_path, timestamps):
    src = make_zarr(tmp_path / "ts.zarr", timestamps, 2)
    dst = tmp_path / "ts.cdd"
    env_prefix = f"import sys; sys.path.insert(0, {SRC!r}); from cdd.__main__ import main; sys.exit(main())"
    out = subprocess.run([sys.executable, "-c", env_prefix, "convert", src, str(dst), "--codec", "delta",
                          "--no-progress"], capture_output=True, text=True, check=True)
    assert "verified" in out.stdout
    with cdd.open(dst) as r:
        np.testing.assert_array_equal(r[:, 0], timestamps)
