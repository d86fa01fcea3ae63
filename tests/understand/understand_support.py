"""Documents for the understand tests, built from our own sentences.

Sentences come from somajo (the segment stage's splitter); mentions are given by the test where a
test is about speakers, so the quote/claim rules are tested apart from the NER model.
"""
from __future__ import annotations

import hashlib
import re
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from entity_support import somajo_sentences  # noqa: E402

from lagebild.document import Document, DocumentMeta, Mention, Segment  # noqa: E402


def make_doc(text: str, published: datetime | None = None, persons: tuple[str, ...] = (), orgs: tuple[str, ...] = (),
             segments: list[Segment] | None = None) -> Document:
    """A cleaned document; every occurrence of each name in ``persons``/``orgs`` becomes a resolved mention."""
    mentions: list[Mention] = []
    for label, names in (("PER", persons), ("ORG", orgs)):
        for name in names:
            canonical = name.split("=")[-1]
            surface = name.split("=")[0]
            slug = re.sub(r"[^a-z]+", "-", canonical.lower()).strip("-")
            for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
                mentions.append(Mention(start=m.start(), end=m.end(), text=surface, label=label, base=surface,
                                        entity_id=f"{label.lower()}:{slug}", origin="rule"))
    raw = text.encode()
    sentences = somajo_sentences(text)
    if segments:
        sentences = [s.model_copy(update={"segment": max((g for g in segments if g.start <= s.start < g.end), key=lambda g: g.start).index})
                     for s in sentences]
    return Document(
        id=hashlib.sha256(raw).hexdigest()[:16], name="t", origin="t", format="text", raw=raw, original_text=text,
        text=text, sentences=sentences, meta=DocumentMeta(published=published), mentions=sorted(mentions, key=lambda m: m.start),
        segments=segments or [],
    )
