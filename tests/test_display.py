"""How speakers, quotes and claims read for people (lagebild.display, shared by CLI and web)."""
from __future__ import annotations

import pytest

from lagebild.display import quote_text, speaker_label


@pytest.mark.parametrize("written, label", [
    ("der Polizei", "Polizei"),  # "nach Angaben der Polizei"
    ("die Polizei", "Polizei"),  # "teilte die Polizei mit"
    ("des Krisenstabs in Bad Kreuznach", "Krisenstab in Bad Kreuznach"),
    ("des Instituts für Weltwirtschaft", "Institut für Weltwirtschaft"),
    ("des Amtes", "Amt"),
    ("des Kaffees", "Kaffee"),
    ("des DWD", "DWD"),  # an acronym has no ending to strip
    ("Die Senatorin", "Senatorin"),
    ("Ein Sprecher des DWD", "Ein Sprecher des DWD"),  # indefinite: as written
    ("Helena Marquardt", "Helena Marquardt"),
    ("des russischen Verteidigungsministeriums", "russischen Verteidigungsministeriums"),  # adjective: case kept
    (None, None),
])
def test_speaker_label_drops_the_case_the_sentence_gave(written, label):
    assert speaker_label(written) == label


def test_indirect_quotes_are_marked_and_direct_ones_quoted():
    assert quote_text("indirect", "die Lage sei  ernst") == "die Lage sei ernst (indirekt)"
    assert quote_text("direct", 'Wir sagen "nein"') == "„Wir sagen ‚nein‘“"
