"""Test setup: imports `cdd` from ../src when the package is not installed (the repository's test script
sets CDD_LIBRARY to the libcdd it built), and shares realistic data fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

try:
    import cdd  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import cdd  # noqa: F401

from cdd import gen  # noqa: E402


@pytest.fixture(scope="session")
def book_f16() -> np.ndarray:
    return gen.orderbook_f16(5000, seed=11)


@pytest.fixture(scope="session")
def book_f32() -> np.ndarray:
    return gen.orderbook_f32(3000, seed=12)


@pytest.fixture(scope="session")
def timestamps() -> np.ndarray:
    return gen.timestamps_ms(20000, seed=13)


def write(path: Path, data: np.ndarray, **params) -> Path:
    with cdd.open(path, "w", **params) as w:
        w.append(data)
    return path
