"""Readers for the public German NER corpora used to train and evaluate our model.

Only scripts/train_ner.py and bench/ner.py use this module; the pipeline never does.

Label mapping (documented in README and scripts/train_ner.py):
- GermEval 2014: outer tags only (column 3). PER/ORG/LOC kept, OTH -> MISC.
  ``-deriv`` (derived adjectives: "deutsche", "nordkoreanischen") and ``-part``
  (names inside a compound: "Kreml-Sprecher", "EU-Staaten") are mapped to O: lagebild's
  mentions are names that resolve to an entity, and the compounds/adjectives that
  carry a name are handled by the gazetteer and rules (role titles, inflection).
- Europarl (Faruqui & Padó 2010): IOB1 I-PER/I-ORG/I-LOC/I-MISC -> BIO; MISC spans that
  start with a lower-case word ("europäischen", "marokkanischen") are nationality
  adjectives, i.e. GermEval's -deriv, and are mapped to O like there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TaggedSentence:
    words: list[str]
    tags: list[str]  # BIO with PER/ORG/LOC/MISC


def _germeval_tag(tag: str) -> str:
    if tag == "O":
        return "O"
    prefix, label = tag.split("-", 1)
    if label.endswith("deriv") or label.endswith("part"):
        return "O"
    return f"{prefix}-{'MISC' if label == 'OTH' else label}"


def _repair_bio(tags: list[str]) -> list[str]:
    """I- after O or after another type becomes B- (happens once -part/-deriv are dropped)."""
    out: list[str] = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or out[-1] == "O" or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def read_germeval(path: Path) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sentences.append(TaggedSentence(words, _repair_bio(tags)))
            words, tags = [], []
            continue
        cols = line.split("\t")
        words.append(cols[1])
        tags.append(_germeval_tag(cols[2]))
    if words:
        sentences.append(TaggedSentence(words, _repair_bio(tags)))
    return sentences


def read_europarl(path: Path) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    raw: list[str] = []

    def flush() -> None:
        if not words:
            return
        tags: list[str] = []
        prev = "O"
        for word, tag in zip(words, raw):
            label = tag[2:] if tag != "O" else "O"
            if label == "O":
                tags.append("O")
            elif prev == label:
                tags.append(f"I-{label}")
            else:
                tags.append(f"B-{label}")
            prev = label
        # nationality adjectives tagged MISC -> O (GermEval's -deriv)
        i = 0
        while i < len(tags):
            if tags[i] == "B-MISC" and words[i][:1].islower():
                j = i + 1
                while j < len(tags) and tags[j] == "I-MISC":
                    j += 1
                for k in range(i, j):
                    tags[k] = "O"
                i = j
            else:
                i += 1
        sentences.append(TaggedSentence(list(words), tags))

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            words, raw = [], []
            continue
        cols = line.split("\t")
        words.append(cols[0])
        raw.append(cols[-1].strip())
    flush()
    return sentences


def spans_from_bio(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start_token, end_token_exclusive, label) spans from a BIO sequence."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (label is not None and tag[2:] != label):
            if start is not None:
                spans.append((start, i, label))  # type: ignore[arg-type]
            start, label = (i, tag[2:]) if tag != "O" else (None, None)
    return spans
