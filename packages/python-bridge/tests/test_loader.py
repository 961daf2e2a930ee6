"""Loading libcdd: CDD_LIBRARY as a file or a directory, a failure that names every path tried, and the
ABI check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cdd
from cdd import _lib

SRC = str(Path(cdd.__file__).resolve().parents[1])  # where the cdd under test lives (src/ or site-packages)


def run_import(env_value: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CDD_LIBRARY=env_value)
    code = f"import sys; sys.path.insert(0, {SRC!r}); import cdd; print(cdd.version())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_library_as_directory():
    loaded = Path(_lib.lib._name)
    out = run_import(str(loaded.parent))
    if loaded.name in ("libcdd.so", "libcdd.dylib", "cdd.dll"):
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == cdd.version()


def test_missing_library_names_every_path_tried(tmp_path):
    out = run_import(str(tmp_path / "nowhere" / "libcdd.so"))
    if out.returncode != 0:  # (a libcdd installed beside the package or system-wide would still load)
        assert "cannot load libcdd" in out.stderr
        assert "nowhere" in out.stderr


def test_abi_is_checked():
    assert _lib.lib.cdd_abi_version() == _lib.ABI_VERSION
    assert not _lib.missing, f"libcdd lacks {_lib.missing}"


def test_default_threads_are_settable():
    auto = cdd.threads()
    assert auto >= 1
    try:
        cdd.set_threads(1)
        assert cdd.threads() == 1
        if cdd.parallel_backend() == "tbb":
            cdd.set_threads(3)
            assert cdd.threads() == 3
    finally:
        cdd.set_threads(0)
    assert cdd.threads() == auto
    assert cdd.parallel_backend() in ("tbb", "serial")
