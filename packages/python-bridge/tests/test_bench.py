"""`python -m cdd bench` end to end on tiny books (CDD backends only, so it needs no other library): every
backend is written, read back and checked, measured, and reported in Markdown; --regime and --data
(a real .npy order book, and any other (N, ...) array) select what is measured, and --docs rewrites the
two sections of BENCHMARKS.md without touching the others."""

from __future__ import annotations

import numpy as np
import pytest

import cdd
from cdd import __main__ as cli
from cdd import bench, bench_data, bench_report, gen

FAST = dict(threads=[1], seconds=0.02, want=["cdd"], chunk_rows=256, shard_rows=1024, log=lambda _: None)


def test_bench_runs_and_reports(tmp_path):
    results = bench.run(rows=3000, kinds=["f16"], threads=[1, 2], seconds=0.05, want=["cdd"], workdir=tmp_path,
                        chunk_rows=256, shard_rows=1024, log=lambda _: None)
    ds = results["datasets"]["f16"]
    assert ds["regime"] == "normal" and ds["label"] == "regime normal: float16 normalized book"
    backends = ds["backends"]
    assert list(backends) == ["cdd okx_f16", "cdd okx_f16 mmap", "cdd shuffle+zstd", "cdd lz4"]
    for name, entry in backends.items():
        assert entry["bytes"] > 0 and entry["ratio"] > 1, name
        for t in ("1", "2"):
            m = entry["threads"][t]
            assert m["scan_gbs"] > 0 and m["slices_per_s"] > 0 and m["row_latency_us"] > 0, (name, t)
            assert m["rows_per_s"] > 0 and m["seq_rows_per_s"] > 0, (name, t)
    # The float16 preset and its mmap twin store the same bytes.
    assert backends["cdd okx_f16"]["bytes"] == backends["cdd okx_f16 mmap"]["bytes"]
    text = bench.markdown(results, None)
    assert "| cdd okx_f16 mmap |" in text and "## Python and read path" in text
    assert "regime normal: float16 normalized book" in text


def test_bench_regimes(tmp_path):
    datasets = bench_data.regime_datasets(bench_data.parse_regimes("calm,stress"), ["f16", "f32"], 2500, seed=3)
    results = bench.run(rows=2500, kinds=[], workdir=tmp_path, datasets=datasets, **FAST)
    assert list(results["datasets"]) == ["calm f16", "calm f32", "stress f16", "stress f32"]
    calm, stress = results["datasets"]["calm f32"], results["datasets"]["stress f32"]
    assert list(calm["backends"])[0] == "cdd okx_f32"
    # The regimes differ as documented: calm books compress far better than stress books.
    assert calm["backends"]["cdd shuffle+zstd"]["ratio"] > 2 * stress["backends"]["cdd shuffle+zstd"]["ratio"]
    text = bench_report.regimes_markdown(results)
    assert text.startswith(bench_report.HEAD)
    assert "### Regime `calm` (2,500 rows)" in text and "### Regime `stress`" in text
    assert "| float32 raw | **cdd okx_f32** |" in text and "| float16 normalized | cdd lz4 |" in text
    assert "Issue 10 targets" not in text  # no peer library ran
    assert "[regime stress: float32 raw book]" in bench_report.text_summary(results)
    detail = bench_report.one_source(results, prefer="normal")
    assert list(detail["datasets"]) == ["calm f16", "calm f32"]


def test_parse_regimes():
    assert bench_data.parse_regimes("all") == list(gen.REGIMES)
    assert bench_data.parse_regimes("busy, calm,busy") == ["busy", "calm"]
    assert bench_data.parse_regimes("legacy") == ["legacy"]
    with pytest.raises(cdd.InvalidArgumentError, match="hectic"):
        bench_data.parse_regimes("normal,hectic")
    with pytest.raises(ValueError, match="kind"):
        bench_data.regime_datasets(["normal"], ["f64"], 10, 1)


def test_normalize_book_matches_the_generator_view():
    raw = gen.book(3000, "gappy", np.float32, seed=4)
    want = gen.book(3000, "gappy", np.float16, seed=4)
    got = bench_data.normalize_book(raw)
    assert got.dtype == np.float16 and got.shape == raw.shape
    # Recomputed from the float32 prices (the generator uses exact ticks; float32 holds 60000.0 to 0.004, i.e.
    # 1e-3 bps), so prices agree to that, sizes and counts but for a rare rounding the other way.
    g, w = got.astype(np.float32), want.astype(np.float32)
    assert np.abs(g[:, :, 0] - w[:, :, 0]).max() < 2e-3
    assert (got[:, :, 1] != want[:, :, 1]).mean() < 0.01
    assert np.array_equal(got[:, :, 2], want[:, :, 2])
    assert (got[raw[:, :, 1] == 0] == 0).all()  # thin books: missing levels stay zero
    with pytest.raises(ValueError, match="50, 3"):
        bench_data.normalize_book(np.zeros((4, 10, 3), np.float32))


def test_bench_data_files_through_the_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(bench, "plot", lambda results, path: False)  # matplotlib is slow to start; not under test
    book = tmp_path / "okx_book.npy"
    np.save(book, gen.book(2100, "busy", np.float32, seed=9))
    other = tmp_path / "features.npy"
    np.save(other, np.arange(2000 * 7, dtype=np.int64).reshape(2000, 7))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "BENCHMARKS.md").write_text("# Benchmarks\n\n## Codecs\n\nkept as is\n")
    rc = cli.main(["bench", "--data", str(book), "--data", str(other), "--rows", "2050", "--libs", "cdd",
                   "--threads", "1", "--seconds", "0.02", "--chunk-rows", "256", "--workdir", str(tmp_path),
                   "--docs", str(docs), "--json", str(tmp_path / "r.json")])
    assert rc == 0
    out = capsys.readouterr().out
    assert "[okx_book.npy: float16 normalized book]" in out and "[okx_book.npy: float32 raw book]" in out
    assert "[features.npy: int64]" in out
    import json

    results = json.loads((tmp_path / "r.json").read_text())
    names = list(results["datasets"])
    assert names == ["okx_book.npy f16", "okx_book.npy f32", "features.npy int64"]
    assert results["datasets"]["okx_book.npy f32"]["shape"] == [2050, 50, 3]
    assert results["datasets"]["features.npy int64"]["shape"] == [2000, 7]
    # Not an order book: only the generic codecs.
    assert list(results["datasets"]["features.npy int64"]["backends"]) == ["cdd shuffle+zstd", "cdd lz4"]
    md = (docs / "BENCHMARKS.md").read_text()
    assert "## Codecs\n\nkept as is" in md
    assert "## Python and read path" in md and bench_report.HEAD in md
    assert "### Real data: `okx_book.npy` (2,050 rows)" in md and "### Real data: `features.npy`" in md
    # Running again replaces the sections instead of adding more.
    rc = cli.main(["bench", "--regime", "calm", "--datasets", "f32", "--rows", "1500", "--libs", "cdd",
                   "--threads", "1", "--seconds", "0.02", "--chunk-rows", "256", "--workdir", str(tmp_path),
                   "--docs", str(docs)])
    assert rc == 0
    md = (docs / "BENCHMARKS.md").read_text()
    assert md.count(bench_report.HEAD) == 1 and md.count("## Python and read path") == 1
    assert "### Regime `calm` (1,500 rows)" in md and "okx_book.npy" not in md


def test_bench_data_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        bench_data.npy_datasets(tmp_path / "missing.npy", ["f16"])
    np.save(tmp_path / "one.npy", np.zeros((1, 3), np.float32))
    with pytest.raises(ValueError, match="N >= 2"):
        bench_data.npy_datasets(tmp_path / "one.npy", ["f16"])
    np.save(tmp_path / "half.npy", gen.book(100, "calm", np.float16))
    only = bench_data.npy_datasets(tmp_path / "half.npy", ["f16", "f32"])
    assert [d.kind for d in only] == ["f16"]  # a float16 book is the normalized book only
    assert np.array_equal(only[0].load(), gen.book(100, "calm", np.float16))
