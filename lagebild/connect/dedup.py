"""Exact and near-duplicate detection with MinHash LSH (datasketch), at document and
passage level, incrementally: ``DuplicateIndex.add(doc)`` links the new document to
what the index already holds and returns ``DuplicateLink`` objects. Nothing is deleted.

Shingles are character 5-grams of the normalised text: they survive small edits
("Russlands Präsident Wladimir Putin" vs "Kremlchef Wladimir Putin") that break word
shingles. Passages are windows of ``window`` consecutive sentences (stride 1); matching
windows of one document pair that touch are merged into one passage link.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from datasketch import LeanMinHash, MinHash, MinHashLSH

from lagebild.connect.text import doc_text, normalise, sentence_spans
from lagebild.document import Document
from lagebild.story import DuplicateLink

NUM_PERM = 128
SHINGLE = 5


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    norm = normalise(text)
    if len(norm) <= k:
        return {norm.encode()} if norm else set()
    return {norm[i : i + k].encode() for i in range(len(norm) - k + 1)}


def minhash(sh: set[bytes], num_perm: int = NUM_PERM) -> LeanMinHash:
    m = MinHash(num_perm=num_perm)
    m.update_batch(list(sh))
    return LeanMinHash(m)


@dataclass
class _Passage:
    doc_id: str
    start: int
    end: int
    sig: LeanMinHash


@dataclass
class DuplicateIndex:
    """Streaming duplicate index. ``doc_threshold`` / ``passage_threshold`` are the
    estimated Jaccard similarities (of 5-gram shingle sets) above which a link is made."""

    doc_threshold: float = 0.6
    passage_threshold: float = 0.45
    window: int = 2
    min_passage_chars: int = 80
    num_perm: int = NUM_PERM
    _exact: dict[str, str] = field(default_factory=dict)
    _docs: dict[str, LeanMinHash] = field(default_factory=dict)
    _passages: dict[str, _Passage] = field(default_factory=dict)
    _doc_lsh: MinHashLSH | None = None
    _passage_lsh: MinHashLSH | None = None

    def __post_init__(self) -> None:
        self._doc_lsh = MinHashLSH(threshold=self.doc_threshold, num_perm=self.num_perm)
        self._passage_lsh = MinHashLSH(threshold=self.passage_threshold, num_perm=self.num_perm)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def add(self, doc: Document) -> list[DuplicateLink]:
        """Index ``doc`` and return its links to earlier documents (``a_doc`` = the earlier one)."""
        if doc.id in self._docs:
            return []
        text = doc_text(doc)
        links: list[DuplicateLink] = []
        digest = hashlib.sha256(normalise(text).encode()).hexdigest()
        exact_of = self._exact.get(digest)
        if exact_of is not None:
            links.append(DuplicateLink(level="exact", a_doc=exact_of, b_doc=doc.id, score=1.0))
        else:
            self._exact[digest] = doc.id

        sig = minhash(shingles(text), self.num_perm)
        for other in self._doc_lsh.query(sig):
            if other == exact_of:
                continue
            score = sig.jaccard(self._docs[other])
            if score >= self.doc_threshold:
                links.append(DuplicateLink(level="document", a_doc=other, b_doc=doc.id, score=round(score, 3)))
        self._doc_lsh.insert(doc.id, sig)
        self._docs[doc.id] = sig
        if exact_of is None:
            links.extend(self._passage_links(doc, text))
        return links

    def _windows(self, doc: Document, text: str) -> list[tuple[int, int]]:
        sents = sentence_spans(doc)
        out = []
        for i in range(len(sents)):
            start, end = sents[i][0], sents[min(i + self.window, len(sents)) - 1][1]
            if end - start >= self.min_passage_chars:
                out.append((start, end))
            if i + self.window >= len(sents):
                break
        return out

    def _passage_links(self, doc: Document, text: str) -> list[DuplicateLink]:
        # matches[(other_doc)] = list of (a_start, a_end, b_start, b_end, score)
        matches: dict[str, list[tuple[int, int, int, int, float]]] = {}
        new: list[tuple[str, _Passage]] = []
        for n, (start, end) in enumerate(self._windows(doc, text)):
            sig = minhash(shingles(text[start:end]), self.num_perm)
            for key in self._passage_lsh.query(sig):
                p = self._passages[key]
                if p.doc_id == doc.id:
                    continue
                score = sig.jaccard(p.sig)
                if score >= self.passage_threshold:
                    matches.setdefault(p.doc_id, []).append((p.start, p.end, start, end, score))
            new.append((f"{doc.id}:{n}", _Passage(doc.id, start, end, sig)))
        for key, p in new:
            self._passage_lsh.insert(key, p.sig)
            self._passages[key] = p
        links = []
        for other, spans in matches.items():
            for a0, a1, b0, b1, score in _merge(spans):
                links.append(DuplicateLink(level="passage", a_doc=other, b_doc=doc.id, score=round(score, 3),
                                           a_start=a0, a_end=a1, b_start=b0, b_end=b1))
        return links


def _merge(spans: list[tuple[int, int, int, int, float]]) -> list[tuple[int, int, int, int, float]]:
    """Merge matching window pairs whose spans overlap on both sides into maximal passages."""
    out: list[list] = []
    for a0, a1, b0, b1, score in sorted(spans, key=lambda s: (s[2], s[0])):
        for cur in out:
            if a0 <= cur[1] and a1 >= cur[0] and b0 <= cur[3] and b1 >= cur[2]:
                cur[0], cur[1] = min(cur[0], a0), max(cur[1], a1)
                cur[2], cur[3] = min(cur[2], b0), max(cur[3], b1)
                cur[4] = max(cur[4], score)
                break
        else:
            out.append([a0, a1, b0, b1, score])
    return [tuple(c) for c in out]


def find_duplicates(docs: list[Document], **options) -> list[DuplicateLink]:
    """All links among ``docs``, added in the given order (pass them in time order)."""
    index = DuplicateIndex(**options)
    links: list[DuplicateLink] = []
    for doc in docs:
        links.extend(index.add(doc))
    return links
