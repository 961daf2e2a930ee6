"""cdd.advise: the native chunk advisor on numpy arrays — trials suit the layout, the recommendation
follows its rule and its writer parameters write a file that reads back; bad input raises."""

from __future__ import annotations

import numpy as np
import pytest

import cdd
from cdd import gen


def test_book_advice_and_writer_params(tmp_path, capsys):
    book = gen.orderbook_f16(12000, seed=8)
    advice = cdd.advise(book, sample_rows=8000, seconds=0.002)
    printed = capsys.readouterr().out
    assert "recommended (*)" in printed and "okx_ob_f16" in printed and "slices/s" in printed
    codecs = {t["codec"] for t in advice.trials}
    assert {"okx_ob_f16", "generic_ob_f16", "shuffle", "zstd", "lz4"} <= codecs
    fastest = max(t["slices_per_s"] for t in advice.trials)
    fast_enough = [t for t in advice.trials if t["slices_per_s"] >= 0.5 * fastest]
    assert advice.recommended["ratio"] == max(t["ratio"] for t in fast_enough)
    for t in advice.trials:
        assert t["sample_bytes"] == 8000 * 300 and t["ratio"] == pytest.approx(t["sample_bytes"] / t["stored_bytes"])
    with cdd.open(tmp_path / "b.cdd", "w", **advice.writer_params()) as w:
        w.append(book)
    with cdd.open(tmp_path / "b.cdd") as r:
        assert r.metadata["codec"] == advice.recommended["codec"]
        assert r.metadata["chunk_target_bytes"] == advice.recommended["chunk_target_bytes"]
        np.testing.assert_array_equal(r[:].view(np.uint16), book.view(np.uint16))


def test_series_and_non_contiguous(capsys):
    ts = gen.timestamps_ms(30000, seed=2)
    a = cdd.advise(ts, seconds=0.002, verbose=False)
    assert capsys.readouterr().out == ""
    assert "delta" in {t["codec"] for t in a.trials}
    feats = np.random.default_rng(0).standard_normal((40000, 6)).astype(np.float32)[:, ::2]  # a strided view
    b = cdd.advise(feats, sample_rows=10000, seconds=0.002, verbose=False)
    assert b.sample_rows == 10000 and all(t["sample_bytes"] == 10000 * 12 for t in b.trials)
    assert "recommended" in str(b)


def test_bad_input():
    with pytest.raises(ValueError, match="at least one row"):
        cdd.advise(np.empty((0, 3), np.float32))
    with pytest.raises(ValueError, match="min_speed"):
        cdd.advise(np.ones((10, 3), np.float32), min_speed=2)
    with pytest.raises(TypeError):  # no cdd dtype for Python objects
        cdd.advise(np.ones((10, 3), dtype=object))
