"""`python -m cdd bench` end to end on a tiny book (CDD backends only, so it needs no other library): every
backend is written, read back and checked, measured, and reported in Markdown."""

from __future__ import annotations

from cdd import bench


def test_bench_runs_and_reports(tmp_path):
    results = bench.run(rows=3000, kinds=["f16"], threads=[1, 2], seconds=0.05, want=["cdd"], workdir=tmp_path,
                        chunk_rows=256, shard_rows=1024, log=lambda _: None)
    backends = results["datasets"]["f16"]["backends"]
    assert list(backends) == ["cdd okx_f16", "cdd okx_f16 mmap", "cdd shuffle+zstd"]
    for name, entry in backends.items():
        assert entry["bytes"] > 0, name
        for t in ("1", "2"):
            m = entry["threads"][t]
            assert m["scan_gbs"] > 0 and m["slices_per_s"] > 0 and m["row_latency_us"] > 0, (name, t)
    # The float16 preset and its mmap twin store the same bytes.
    assert backends["cdd okx_f16"]["bytes"] == backends["cdd okx_f16 mmap"]["bytes"]
    text = bench.markdown(results, None)
    assert "| cdd okx_f16 mmap |" in text and "## Python and read path" in text
