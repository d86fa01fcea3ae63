"""Property test: whatever lines a page is made of, cleaning and segmentation keep exact offsets."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from lagebild.clean.rules import CleanStage, apply_removals
from lagebild.config import Settings
from lagebild.document import Document
from lagebild.ingest.metadata import MetadataStage
from lagebild.segment.segmenter import SegmentStage

LINES = [
    "liveblog",
    "Stand: 12.03.2025 09:15 Uhr",
    "12.03.2025 • 08:40 Uhr",
    "Teilen Sie dies:",
    "Foto: Max Beispiel",
    "Brücke bleibt gesperrt",
    "Die Brücke über die Mosel bleibt bis Freitag gesperrt, teilte die Stadt mit.",
    "„Wir arbeiten mit Hochdruck“, sagte Dr. Lena Beispiel am 3. Sept. in Trier. Es gehe um 2.000 Pendler.",
    "Auch der Busverkehr ist betroffen. Ersatzbusse fahren im 30-Minuten-Takt.",
    "Radverkehr wird umgeleitet Nach Angaben der Polizei gibt es eine Umleitung über die Altstadt.",
    "TRIER (dpa) - Der Stadtrat berät am Abend.",
    " date 2025-03-12 Diese Zusammenfassung wurde mit künstlicher Intelligenz erstellt.",
    "Dieses Thema im Programm: Radio am Morgen.",
    "",
    "   ",
]

STAGES = None


def stages():
    global STAGES
    if STAGES is None:
        settings = Settings()
        STAGES = [MetadataStage(settings), CleanStage(settings), SegmentStage(settings)]
    return STAGES


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=14), st.sampled_from(["\n", "\n\n"]),
       st.booleans())
def test_offsets_stay_exact(lines, joiner, sigils):
    text = joiner.join(lines) + ("./ab/DP/cd" if sigils else "")
    doc = Document(id="x", name="x", origin="x", format="text", raw=text.encode(), original_text=text)
    for stage in stages():
        doc = stage(doc)
    assert apply_removals(doc.original_text, doc.removed) == doc.text
    last_end = 0
    for r in doc.removed:
        assert doc.original_text[r.start : r.end] == r.text and r.start >= last_end
        last_end = r.end
    for seg in doc.segments:
        span = doc.text[seg.start : seg.end]
        assert span and span == span.strip()
    for sent in doc.sentences:
        seg = doc.segments[sent.segment]
        assert seg.start <= sent.start < sent.end <= seg.end
        assert doc.text[sent.start : sent.end].strip() == doc.text[sent.start : sent.end]
    # every visible character of the cleaned text is in some sentence
    covered = set()
    for sent in doc.sentences:
        covered.update(range(sent.start, sent.end))
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())
