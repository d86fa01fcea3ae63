"""Score recognised + resolved entities against the seed gold (../shared/gold/entities.json).

Used by tests/regression/test_seed_entities.py, bench/ner.py and bench/understand.py.

Gold format: [{"canonical", "type", "aliases": [surface forms], "docs": [document names]}].
Every occurrence of an alias (whole words, case-sensitive) in a listed document is a gold
occurrence, except a one-word person alias directly followed by another name word ("Kim" in
"Kim Yong Hyun" is a different person).

- recognition recall: gold occurrences covered by a mention of the gold type (overlap);
- recognition precision: mentions that overlap a gold occurrence and have its type, over all
  PER/ORG/LOC mentions that overlap a gold occurrence ("typed precision"); ``precision_all``
  divides by every PER/ORG/LOC mention in the gold documents, a lower bound because the gold
  lists only the entities of the story, not every name;
- resolution: each gold entity is mapped to the id most of its recognised occurrences got;
  an occurrence is resolved when its mention carries that id and the id belongs to no other
  gold entity; ``one_id`` counts gold entities whose recognised occurrences all share one id;
  resolution precision = resolved / recognised occurrences.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from lagebild.document import Document

NAME_CONTINUATION = re.compile(r"\s([A-ZÄÖÜ][a-zäöüß]+)")


@dataclass
class Occurrence:
    gold: int  # index into the gold list
    doc: str
    alias: str
    start: int
    end: int


def gold_occurrences(docs: list[Document], gold: list[dict], is_name_word=None) -> list[Occurrence]:
    by_name = {d.name: d for d in docs}
    alias_starts = {a.split()[0] for g in gold for a in g["aliases"]}
    out = []
    for gi, g in enumerate(gold):
        for name in g["docs"]:
            doc = by_name.get(name)
            if doc is None:
                continue
            for alias in sorted(set(g["aliases"]), key=len, reverse=True):
                for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", doc.text):
                    if g["type"] == "PER" and " " not in alias:
                        nxt = NAME_CONTINUATION.match(doc.text, m.end())
                        if nxt and nxt.group(1) not in alias_starts and (is_name_word is None or is_name_word(nxt.group(1))):
                            continue
                    out.append(Occurrence(gi, name, alias, m.start(), m.end()))
    return out


def score_seed_entities(docs: list[Document], gold: list[dict], is_name_word=None) -> dict:
    """P/R/F1 of recognition and alias resolution of ``docs`` (with mentions) against ``gold``."""
    by_name = {d.name: d for d in docs}
    occs = gold_occurrences(docs, gold, is_name_word)
    hits: list[tuple[Occurrence, str | None]] = []  # recognised occurrences with their entity id
    missed: list[Occurrence] = []
    for o in occs:
        doc = by_name[o.doc]
        typ = gold[o.gold]["type"]
        cands = [m for m in doc.mentions if m.start < o.end and o.start < m.end and m.label == typ]
        if not cands:
            missed.append(o)
            continue
        # prefer the mention that covers most of the occurrence, names over titles
        best = max(cands, key=lambda m: (min(m.end, o.end) - max(m.start, o.start), m.origin != "title"))
        hits.append((o, best.entity_id))
    # gold entity -> majority id
    ids_of: dict[int, Counter] = defaultdict(Counter)
    for o, eid in hits:
        ids_of[o.gold][eid] += 1
    majority = {gi: c.most_common(1)[0][0] for gi, c in ids_of.items()}
    owners = Counter(majority.values())
    resolved = [(o, eid) for o, eid in hits if eid is not None and eid == majority[o.gold] and owners[eid] == 1]
    one_id = sum(1 for gi, c in ids_of.items() if len(c) == 1 and owners[majority[gi]] == 1)
    # precision over mentions
    gold_docs = {n for g in gold for n in g["docs"]}
    typed_ok = typed_all = all_mentions = 0
    wrong: list[str] = []
    occ_by_doc = defaultdict(list)
    for o in occs:
        occ_by_doc[o.doc].append(o)
    for name in gold_docs:
        doc = by_name.get(name)
        if doc is None:
            continue
        for m in doc.mentions:
            if m.label not in ("PER", "ORG", "LOC") or m.origin == "title":
                continue
            all_mentions += 1
            over = [o for o in occ_by_doc[name] if m.start < o.end and o.start < m.end]
            if not over:
                continue
            typed_all += 1
            if any(gold[o.gold]["type"] == m.label for o in over):
                typed_ok += 1
            else:
                wrong.append(f"{name}: {m.text!r} {m.label}")

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    rec_r = len(hits) / len(occs) if occs else 0.0
    rec_p = typed_ok / typed_all if typed_all else 0.0
    res_r = len(resolved) / len(occs) if occs else 0.0
    res_p = len(resolved) / len(hits) if hits else 0.0
    aliases_total = {(o.gold, o.alias) for o in occs}
    aliases_found = {(o.gold, o.alias) for o, _ in hits}
    return {
        "occurrences": len(occs),
        "recognition": {"precision": rec_p, "recall": rec_r, "f1": f1(rec_p, rec_r),
                        "precision_all": typed_ok / all_mentions if all_mentions else 0.0},
        "aliases": {"found": len(aliases_found), "total": len(aliases_total),
                    "recall": len(aliases_found) / len(aliases_total) if aliases_total else 0.0},
        "resolution": {"precision": res_p, "recall": res_r, "f1": f1(res_p, res_r),
                       "one_id": one_id, "entities": len(gold)},
        "entity_ids": {gold[gi]["canonical"]: dict(c) for gi, c in ids_of.items()},
        "missed": [f"{o.doc}: {o.alias!r} @{o.start}" for o in missed],
        "mistyped": wrong,
    }
