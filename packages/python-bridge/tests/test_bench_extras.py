"""The bench's trade-off plot (ratio vs slice speed, a point per library and preset, its own BENCHMARKS.md
section) and the DataLoader benchmark (CDD vs zarr with the same windows) on tiny inputs."""

from __future__ import annotations

import pytest

from cdd import bench, bench_plot


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return bench.run(rows=3000, kinds=["f16"], threads=[1], seconds=0.05, want=["cdd"],
                     workdir=tmp_path_factory.mktemp("b"), chunk_rows=256, shard_rows=1024, log=lambda _: None)


def test_points_and_section(results, tmp_path):
    pts = bench_plot.points(results)["f16"]
    assert [p["name"] for p in pts] == list(results["datasets"]["f16"]["backends"])
    for p in pts:
        assert p["ratio"] > 1.0 and p["slices_per_s"] > 0
    md = tmp_path / "BENCHMARKS.md"
    md.write_text("# Benchmarks\n\n## Codecs\n\nkeep me\n\n## Ratio vs slice speed\n\nold\n\n## TypeScript\n\nme too\n")
    pytest.importorskip("matplotlib", reason="matplotlib draws the plot: pip install matplotlib (cdd[bench])")
    assert bench_plot.write(results, tmp_path)
    png = (tmp_path / bench_plot.PNG).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    text = md.read_text()
    assert "keep me" in text and "me too" in text and "\nold\n" not in text
    assert f"![ratio vs slice speed]({bench_plot.PNG})" in text
    assert "| f16 | cdd okx_f16 |" in text


def test_loader_bench_tiny(tmp_path):
    pytest.importorskip("torch", reason="PyTorch is not installed: pip install torch")
    pytest.importorskip("zarr", reason="zarr is not installed")
    from cdd import bench_loader

    res = bench_loader.run(rows=4000, window=16, batch_size=8, workers=[0], batches=3, repeats=1, chunk_rows=256,
                           workdir=tmp_path, log=lambda _: None)
    assert [c["pattern"] for c in res["cases"]] == ["random windows", "runs of consecutive windows"]
    for c in res["cases"]:
        assert c["cdd_samples_s"] > 0 and c["zarr_samples_s"] > 0
    md = bench_loader.markdown(res)
    assert md.startswith(bench_loader.SECTION) and md.count("\n| 0 |") == 2
