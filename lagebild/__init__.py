"""lagebild: German news reports in, a sourced picture of a story out.

``lagebild.Engine`` and ``lagebild.Settings`` are the Python API; they are imported lazily so
that ``import lagebild.document`` (used by every stage) stays light.
"""
from __future__ import annotations

__all__ = ["Engine", "Settings"]


def __getattr__(name: str):
    if name == "Engine":
        from lagebild.engine import Engine

        return Engine
    if name == "Settings":
        from lagebild.config import Settings

        return Settings
    raise AttributeError(f"module 'lagebild' has no attribute {name!r}")
