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


def test_windows_loads_cdd_dll_beside_the_package_after_adding_its_folder(monkeypatch, tmp_path):
    """The Windows branch of the loader, run anywhere: with no CDD_LIBRARY, cdd.dll beside the package is
    the first candidate, and its folder is on the DLL search path (os.add_dll_directory) before
    ctypes.CDLL opens it."""
    package = tmp_path / "site-packages" / "cdd"
    package.mkdir(parents=True)
    (package / "cdd.dll").write_bytes(b"MZ")
    calls: list[tuple[str, str]] = []

    def add_dll_directory(path):
        calls.append(("add_dll_directory", path))
        return object()

    def cdll(path, *args, **kwargs):
        calls.append(("CDLL", path))
        return "loaded"

    monkeypatch.delenv("CDD_LIBRARY", raising=False)
    monkeypatch.setattr(_lib, "_platform", lambda: "win32")
    monkeypatch.setattr(_lib, "__file__", str(package / "_lib.py"))
    monkeypatch.setattr(os, "add_dll_directory", add_dll_directory, raising=False)
    monkeypatch.setattr(_lib.ctypes, "CDLL", cdll)
    monkeypatch.setattr(_lib, "_dll_directories", [])

    assert _lib._candidate_names() == ["cdd.dll", "libcdd.dll"]
    assert _lib._candidates()[0] == package / "cdd.dll"
    assert _lib._load() == "loaded"
    assert calls == [("add_dll_directory", str(package)), ("CDLL", str(package / "cdd.dll"))]
    assert len(_lib._dll_directories) == 1


def test_windows_library_directory_tries_cdd_dll_then_libcdd_dll(monkeypatch, tmp_path):
    monkeypatch.setattr(_lib, "_platform", lambda: "win32")
    monkeypatch.setenv("CDD_LIBRARY", str(tmp_path))
    assert _lib._candidates()[:2] == [tmp_path / "cdd.dll", tmp_path / "libcdd.dll"]
