"""Session-wide fixtures shared by test packages (keep heavy models loaded once)."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = (REPO / ".." / "shared").resolve()
    if not path.is_dir():
        pytest.skip("../shared reference data is not available")
    return path


@pytest.fixture(scope="session")
def entity_extractor():
    """The entities stage's extractor (NER model, HanTa, gazetteer), loaded once per session."""
    from lagebild.config import Settings
    from lagebild.understand.entities import EntityExtractor

    return EntityExtractor(Settings())
