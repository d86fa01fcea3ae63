"""Helpers for the entity tests: minimal documents with somajo sentences.

Until the clean/segment stages exist, a seed text is used as ``Document.text`` verbatim
and split into sentences with somajo (character offsets); once "clean" and "segment" are
registered, the real stages run instead.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from lagebild.document import Document, Sentence


@lru_cache(maxsize=1)
def _somajo():
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)


def somajo_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for para_index, para in enumerate(text.split("\n")):
        if para.strip():
            for sent in _somajo().tokenize_text([para]):
                offsets = [t.character_offset for t in sent if t.character_offset]
                if offsets:
                    out.append(Sentence(index=len(out), start=pos + offsets[0][0], end=pos + offsets[-1][1], segment=para_index))
        pos += len(para) + 1
    return out


def make_document(text: str, name: str = "doc") -> Document:
    raw = text.encode("utf-8")
    return Document(
        id=hashlib.sha256(raw).hexdigest()[:16], name=name, origin=name, format="text", raw=raw,
        original_text=text, text=text, sentences=somajo_sentences(text),
    )


def seed_documents(seeds_dir: Path) -> list[Document]:
    import lagebild.stages  # noqa: F401
    from lagebild.config import Settings
    from lagebild.pipeline import STAGES, Pipeline

    docs = [make_document(p.read_text(encoding="utf-8"), p.stem) for p in sorted(seeds_dir.glob("*.txt")) if p.stem[:1].isdigit()]
    if all(n in STAGES for n in ("clean", "segment")):
        pipeline = Pipeline.from_names(["clean", "segment"], Settings())
        docs = [pipeline(d.model_copy(update={"text": "", "sentences": []})) for d in docs]
    return docs
