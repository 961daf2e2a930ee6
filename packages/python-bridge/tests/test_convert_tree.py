"""`python -m cdd convert` on a weekly tree (SYMBOL.zarr/2024-Wnn.zarr/{data,timestamps,snapshot_metadata})
written with the pipeline's filters (AsType(float16), temporal XOR, Shuffle, Delta, zstd), zarr v3 and v2:
the CDD files equal the zarr data (concatenated in time order, or per week), a run SIGKILLed half-way
resumes to correct files, and progress is shown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cdd

zarr = pytest.importorskip("zarr", reason="zarr is not installed: pip install 'cdd[zarr]'")
numcodecs = pytest.importorskip("numcodecs")

from cdd import gen  # noqa: E402
from cdd.convert_tree import KILL_HOOK, ConvertError, convert_tree  # noqa: E402
from cdd.zarr_codecs import TemporalXor, TemporalXorV3  # noqa: E402

SRC = str(Path(cdd.__file__).resolve().parents[1])
WEEKS = ["2024-W01", "2024-W02", "2024-W03"]
ROWS = [1700, 1300, 1500]
CHUNK = 400


def week_data(seed: int, rows: int, t0: int) -> dict[str, np.ndarray]:
    book = gen.orderbook_f16(rows, seed=seed).astype(np.float32)  # the pipeline's float32, f16-exact values
    ts = t0 + np.cumsum(np.random.default_rng(seed).integers(50, 150, rows)).astype(np.int64)
    meta = np.stack([np.arange(rows, dtype=np.int64) + seed * 10_000,  # sequence id
                     np.random.default_rng(seed + 1).integers(0, 5, rows).astype(np.int64)], axis=1)  # flags
    return {"data": book, "timestamps": ts, "snapshot_metadata": meta}


def write_week(path: Path, arrays: dict[str, np.ndarray], fmt: int) -> None:
    from zarr.codecs import ZstdCodec

    g = zarr.open_group(str(path), mode="w", zarr_format=fmt)
    for name, a in arrays.items():
        chunks = (CHUNK,) + a.shape[1:]
        if fmt == 3:
            from zarr.codecs import numcodecs as znc

            if name == "data":
                filters = [znc.AsType(encode_dtype="f2", decode_dtype="f4"), TemporalXorV3(dtype="<f2", stride=150)]
                compressors = [znc.Shuffle(elementsize=2), ZstdCodec(level=3)]
            else:
                filters = [znc.Delta(dtype="<i8")]
                compressors = [znc.Shuffle(elementsize=8), ZstdCodec(level=3)]
        else:
            if name == "data":
                filters = [numcodecs.AsType(encode_dtype="f2", decode_dtype="f4"),
                           TemporalXor(dtype="<f2", stride=150), numcodecs.Shuffle(elementsize=2)]
            else:
                filters = [numcodecs.Delta(dtype="<i8"), numcodecs.Shuffle(elementsize=8)]
            compressors = numcodecs.Zstd(level=3)
        arr = g.create_array(name, shape=a.shape, dtype=a.dtype, chunks=chunks, filters=filters,
                             compressors=compressors)
        arr[:] = a


@pytest.fixture(scope="module", params=[3, 2], ids=["zarr3", "zarr2"])
def tree(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"tree{request.param}") / "BTC-USDT.zarr"
    root.mkdir()
    weeks = []
    t = 1_704_067_200_000
    for i, (name, rows) in enumerate(zip(WEEKS, ROWS)):
        d = week_data(21 + i, rows, t)
        t = int(d["timestamps"][-1]) + 1000
        weeks.append(d)
    # Written in a shuffled order: the converter orders weeks by time.
    for i in (2, 0, 1):
        write_week(root / f"{WEEKS[i]}.zarr", weeks[i], request.param)
    whole = {k: np.concatenate([w[k] for w in weeks]) for k in weeks[0]}
    return root, weeks, whole


def check_file(path: Path, want: np.ndarray) -> None:
    with cdd.open(path) as r:
        got = r[:]
        assert got.dtype == want.dtype, path
        np.testing.assert_array_equal(got.reshape(want.shape), want, err_msg=str(path))
        assert got.reshape(want.shape).tobytes() == want.tobytes()


def test_tree_to_one_file_per_array(tree, tmp_path):
    root, _, whole = tree
    out = tmp_path / "out"
    results = convert_tree(str(root), str(out), batch_rows=500, progress="off", jobs=3)
    assert {Path(p).name: n for p, n in results.items()} == {f"{k}.cdd": sum(ROWS) for k in whole}
    for k, v in whole.items():
        check_file(out / f"{k}.cdd", v)
    with cdd.open(out / "data.cdd") as r:
        assert r.metadata["codec"] == "okx_ob_f16"  # the pipeline's float16 values, stored as such
    with cdd.open(out / "timestamps.cdd") as r:
        assert r.metadata["codec"] == "delta"
    journal = json.loads((out / ".cdd-convert.json").read_text())
    assert {v["status"] for v in journal["outputs"].values()} == {"verified"}
    assert [w for w, _ in journal["weeks"]] == WEEKS
    # A second run finds everything converted and verified and writes nothing.
    before = {p: os.path.getmtime(p) for p in results}
    convert_tree(str(root), str(out), batch_rows=500, progress="off")
    assert before == {p: os.path.getmtime(p) for p in results}


def test_split_week(tree, tmp_path):
    root, weeks, _ = tree
    out = tmp_path / "weekly"
    convert_tree(str(root), str(out), split="week", batch_rows=333, progress="off")
    for name, w in zip(WEEKS, weeks):
        for k, v in w.items():
            check_file(out / name / f"{k}.cdd", v)


def run_cli(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    code = f"import sys; sys.path.insert(0, {SRC!r}); from cdd.__main__ import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, "convert", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_kill_half_way_then_resume(tree, tmp_path):
    root, _, whole = tree
    out = tmp_path / "killed"
    args = [str(root), str(out), "--batch-rows", "300", "--jobs", "2", "--progress", "lines",
            "--progress-interval", "0"]
    first = run_cli(args, env={KILL_HOOK: "9"})  # SIGKILL after 9 committed batches (of 3 x 16)
    assert first.returncode == -signal.SIGKILL, first.stderr
    assert "rows (" in first.stderr and "MB/s" in first.stderr and "ETA" in first.stderr  # progress lines
    journal = json.loads((out / ".cdd-convert.json").read_text())
    partial = {}
    for name in whole:
        p = out / f"{name}.cdd"
        if p.exists():
            with cdd.open(p) as r:
                partial[name] = len(r)
    assert 0 < sum(partial.values()) < 3 * sum(ROWS), partial  # really half-way
    assert any(v["status"] == "converting" for v in journal["outputs"].values())
    second = run_cli(args)
    assert second.returncode == 0, second.stderr
    assert "resuming after" in second.stderr
    assert second.stdout.count("verified") == 3
    last = [line for line in second.stderr.splitlines() if line.startswith("convert ")][-1]
    assert f"{3 * sum(ROWS):,}/{3 * sum(ROWS):,} rows (100.0%)" in last
    for k, v in whole.items():
        check_file(out / f"{k}.cdd", v)


def test_refuses_other_tree_and_bad_layouts(tree, tmp_path):
    root, weeks, _ = tree
    out = tmp_path / "o"
    convert_tree(str(root), str(out), arrays=["timestamps"], progress="off")
    other = tmp_path / "ETH.zarr"
    other.mkdir()
    write_week(other / "2024-W01.zarr", {"timestamps": weeks[0]["timestamps"]}, 3)
    with pytest.raises(ConvertError, match="another source"):
        convert_tree(str(other), str(out), progress="off")
    assert convert_tree(str(other), str(out), progress="off", restart=True)
    bad = tmp_path / "BAD.zarr"
    bad.mkdir()
    write_week(bad / "2024-W01.zarr", {"timestamps": weeks[1]["timestamps"]}, 3)
    write_week(bad / "2024-W02.zarr", {"timestamps": weeks[0]["timestamps"][:-5]}, 3)
    write_week(bad / "2024-W03.zarr", {"timestamps": weeks[0]["timestamps"]}, 3)
    with pytest.raises(ConvertError, match="overlap in time"):
        convert_tree(str(bad), str(tmp_path / "b"), progress="off")
    with pytest.raises(ConvertError, match="has no array"):
        convert_tree(str(root), str(tmp_path / "c"), arrays=["nope"], progress="off")


def test_temporal_xor_codec_round_trip():
    rng = np.random.default_rng(3)
    for dtype in (np.float16, np.float32, np.int64, np.uint8):
        x = rng.integers(0, 200, (37, 5)).astype(dtype)
        x[3, 2] = -0.0 if dtype == np.float16 else x[3, 2]
        c = TemporalXor(dtype=np.dtype(dtype).str, stride=5)
        enc = c.encode(x)
        assert np.array_equal(enc.reshape(37, 5)[0], x[0])
        assert not np.array_equal(enc.reshape(37, 5)[1:], x[1:])
        assert c.decode(enc).reshape(37, 5).tobytes() == x.tobytes()
    nan = np.array([np.nan, 1.0, -np.inf, 0.0], dtype=np.float16).view(np.uint16)
    nan[0] |= 0x0155  # a NaN payload survives
    c = TemporalXor(dtype="<f2", stride=2)
    assert c.decode(c.encode(nan.view(np.float16))).view(np.uint16).tobytes() == nan.tobytes()
    with pytest.raises(ValueError):
        TemporalXor(dtype="<f2", stride=0)
