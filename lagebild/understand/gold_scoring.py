"""Scoring of quotes, claims and dates against the reference gold (``../shared/gold``).

The gold is tolerant in form (first words of a quote, canonical speaker names, ISO dates), so
matching normalises case, whitespace and quote characters. Shared by bench/understand.py and
the seed regression test so both measure the same thing.

- Quotes: a gold quote is found when a direct/partial quote of the document starts with its
  first words and the speaker matches: the speaker's entity id is the slug of the gold name
  ("Wladimir Putin" -> per:wladimir-putin), or the gold name's words are all in the speaker
  as written ("Verteidigungsministerium in London" in "das Verteidigungsministerium in London").
  Precision counts every direct/partial quote (indirect speech is not in the gold).
- Claims: a prediction aligns with a gold claim of the same document and value (range: low and
  high). It is correct when qualifier, source and as_of match too: qualifier equal (gold
  "a/b" = either; gold "50 von 80" = relation "of"); source shares a content word with the gold
  source (first 7 letters, so "südkoreanischen" = "südkoreanischer"), or both are None; as_of
  starts with the gold value ("2023-09-12" refines "2023-09"). Several predictions aligned to one
  gold claim (the same figure restated) count once. The gold lists the figures a reader must
  see, not every number: "strict" precision counts predictions aligned to no gold claim as
  wrong; "aligned" precision only judges the predictions that restate a gold figure;
  "hand-checked" precision judges those beyond the gold by a hand-written verdict list
  (bench/data/seed_claims_extra.json: a real reported figure with its source is right).
- Dates: a timeline date is found in a document when a resolved time expression has that value
  or, for events the text dates only by its own publication (no time expression), when the
  document's publication or entry day is that date.
"""
from __future__ import annotations

import re
import unicodedata

from lagebild.document import Claim, Document

QUOTE_CHARS = "„“”\"»«‚‘’'"
SOURCE_STOP = {
    "angaben", "nach", "informationen", "erkenntnissen", "erkenntnisse", "zufolge", "laut", "via", "der", "die", "das",
    "des", "den", "dem", "von", "und", "eigenen", "vorläufigen", "berichten",
}


def norm(text: str) -> str:
    text = "".join(" " if c in QUOTE_CHARS else c for c in text)
    return " ".join(text.lower().split())


def slug(name: str) -> str:
    s = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def speaker_matches(gold_name: str, speaker: str | None, entity_id: str | None) -> bool:
    if entity_id and entity_id.split(":", 1)[-1] == slug(gold_name):
        return True
    if not speaker:
        return False
    return set(norm(gold_name).split()) <= set(norm(speaker).split())


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp_gold, "predicted": n_pred, "gold": n_gold}


def score_quotes(docs: dict[str, Document], gold: list[dict]) -> dict:
    found, missed, used = 0, [], set()
    predicted = [(name, q) for name, d in docs.items() for q in d.quotes if q.kind in ("direct", "partial")]
    for g in gold:
        doc_quotes = [(i, q) for i, (name, q) in enumerate(predicted) if name == g["doc"]]
        start = norm(g["starts_with"])
        hit = next((i for i, q in doc_quotes if norm(q.text).startswith(start)
                    and speaker_matches(g["speaker"], q.speaker, q.speaker_entity_id) and i not in used), None)
        if hit is None:
            got = [(q.speaker, q.speaker_entity_id) for _, q in doc_quotes if norm(q.text).startswith(start)]
            missed.append({**g, "got": got})
        else:
            used.add(hit)
            found += 1
    # a predicted quote is right when it starts like some gold quote of its document with the right speaker
    right = sum(
        1 for name, q in predicted
        if any(g["doc"] == name and norm(q.text).startswith(norm(g["starts_with"]))
               and speaker_matches(g["speaker"], q.speaker, q.speaker_entity_id) for g in gold)
    )
    wrong = [(name, q.text[:50], q.speaker) for name, q in predicted
             if not any(g["doc"] == name and norm(q.text).startswith(norm(g["starts_with"])) for g in gold)]
    return {**_prf(right, len(predicted), found, len(gold)), "missed": missed, "extra": wrong}


def _value_matches(claim: Claim, gold_value) -> bool:
    if isinstance(gold_value, list):
        return claim.value == gold_value[0] and claim.value_high == gold_value[1]
    return claim.value == gold_value and claim.relation == "point"


def _stems(text: str | None) -> set[str]:
    return {w[:7] for w in re.findall(r"[\wäöüß]+", (text or "").lower()) if len(w) >= 4 and w not in SOURCE_STOP}


def qualifier_matches(claim: Claim, gold: str | None) -> bool:
    if gold and re.search(r"\d", gold):
        return claim.relation == "of" if " von " in gold else claim.relation == "range"
    if gold is None:
        return claim.qualifier is None
    return (claim.qualifier or "") in gold.split("/")


def source_matches(claim: Claim, gold: str | None) -> bool:
    if gold is None:
        return claim.source is None
    return bool(_stems(claim.source) & _stems(gold)) or bool(
        claim.source_entity_id and slug(gold).find(claim.source_entity_id.split(":")[-1]) >= 0
    )


def as_of_matches(claim: Claim, gold: str | None) -> bool:
    if gold is None:
        return claim.as_of is None
    return bool(claim.as_of) and claim.as_of.startswith(gold)


def claim_correct(claim: Claim, gold: dict) -> bool:
    return (qualifier_matches(claim, gold.get("qualifier")) and source_matches(claim, gold.get("source"))
            and as_of_matches(claim, gold.get("as_of")))


def checked_extra_correct(name: str, claim: Claim, checked: list[dict]) -> bool:
    """A claim no gold claim aligns with, judged by hand (bench/data/seed_claims_extra.json): right when
    listed as correct with the same text and a matching source (and person id, where the file gives one)."""
    for item in checked:
        if item["doc"] != name or norm(item["text"]) != norm(claim.text) or item["verdict"] != "correct":
            continue
        if not source_matches(claim, item.get("source")):
            continue
        if "source_entity_id" in item and claim.source_entity_id != item["source_entity_id"]:
            continue
        return True
    return False


def score_claims(docs: dict[str, Document], gold: list[dict], checked: list[dict] | None = None) -> dict:
    """``checked``: hand-judged claims beyond the gold (see ``checked_extra_correct``); adds "checked":
    precision over all predictions where a prediction aligned to no gold claim is right only when the
    hand-checked list says so (unlisted ones count as wrong)."""
    predicted = [(name, c) for name, d in docs.items() for c in d.claims]
    aligned: dict[int, list[int]] = {}  # gold index -> predicted indices
    for pi, (name, c) in enumerate(predicted):
        for gi, g in enumerate(gold):
            if g["doc"] == name and _value_matches(c, g["value"]):
                aligned.setdefault(gi, []).append(pi)
    value_found = len(aligned)
    full_found, missed = 0, []
    for gi, g in enumerate(gold):
        preds = [predicted[pi][1] for pi in aligned.get(gi, [])]
        if any(claim_correct(c, g) for c in preds):
            full_found += 1
        else:
            missed.append({**{k: g.get(k) for k in ("doc", "topic", "value", "qualifier", "source", "as_of")},
                           "got": [(c.qualifier, c.source, c.as_of) for c in preds]})
    aligned_preds = {pi for pis in aligned.values() for pi in pis}
    # restatements of one gold figure count once: the gold claim is right or wrong as a whole
    n_aligned = len(aligned)
    extra = [(name, c.text, c.source) for pi, (name, c) in enumerate(predicted) if pi not in aligned_preds]
    n_strict = n_aligned + len(extra)
    extra_claims = [(name, c) for pi, (name, c) in enumerate(predicted) if pi not in aligned_preds]
    extra_right = [(name, c.text, c.source) for name, c in extra_claims if checked_extra_correct(name, c, checked or [])]
    return {
        "checked": {**_prf(full_found + len(extra_right), n_strict, full_found, len(gold)),
                    "unchecked": [e for e in extra if e not in extra_right]},
        "full": _prf(full_found, n_strict, full_found, len(gold)),
        "full_aligned": _prf(full_found, n_aligned, full_found, len(gold)),
        "value": _prf(value_found, n_strict, value_found, len(gold)),
        "missed": missed,
        "extra": extra,
    }


def document_days(doc: Document) -> set[str]:
    days = {t.value for t in doc.times if t.value}
    if doc.meta.published is not None:
        days.add(doc.meta.published.date().isoformat())
    days.update(s.time.date().isoformat() for s in doc.segments if s.time is not None)
    return days


def score_timeline(docs: dict[str, Document], gold: list[dict]) -> dict:
    """Recall over (event, document) pairs; precision over resolved time expressions of those documents
    whose value is a date the gold timeline or the document's own anchor supports is not knowable from
    this gold, so precision here is over the gold pairs the documents claim (value present = found)."""
    pairs = [(g["date"], name, g["event"]) for g in gold for name in g["docs"] if name in docs]
    found = [p for p in pairs if p[0] in document_days(docs[p[1]])]
    missed = [p for p in pairs if p not in found]
    return {**_prf(len(found), len(pairs), len(found), len(pairs)), "missed": missed}


def score_story_timeline(docs: dict[str, Document], gold: list[dict]) -> dict:
    """Recall over (event, document) pairs in the story timeline (lagebild.connect.timeline over all seeds):
    found when an event of the gold date (or a day of a gold month) cites that document. Unlike
    ``score_timeline`` this credits a document that mentions a dated event without dating it itself."""
    from lagebild.connect.timeline import build_timeline

    events = build_timeline(list(docs.values()))
    pairs = [(g["date"], name, g["event"]) for g in gold for name in g["docs"] if name in docs]
    found = [p for p in pairs if any(e.date.startswith(p[0]) and any(s.doc_id == docs[p[1]].id for s in e.sources)
                                     for e in events)]
    missed = [p for p in pairs if p not in found]
    return {**_prf(len(found), len(pairs), len(found), len(pairs)), "missed": missed}


# publication times a caller would pass for the seeds that state none (gold timeline / seeds README)
CALLER_PUBLISHED = {"002_d03c8074fb176ee0": "2025-09-03", "003_6164cdf80299ab38": "2023-09-12"}


def analyse_seeds(seeds_dir, pipeline, published: dict[str, str] | None = None) -> dict[str, Document]:
    """Every seed through ``pipeline`` (a callable Document -> Document), keyed by file stem.

    ``published`` gives a caller's publication day per stem (as ``lagebild ingest --published`` would).
    """
    from datetime import datetime
    from pathlib import Path

    from lagebild.config import Settings
    from lagebild.document import RawDocument
    from lagebild.ingest.decode import to_document

    settings = Settings()
    docs: dict[str, Document] = {}
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        if not path.stem[:1].isdigit():
            continue
        when = (published or {}).get(path.stem)
        raw = RawDocument(content=path.read_bytes(), origin=str(path), name=path.stem,
                          published=datetime.fromisoformat(when) if when else None)
        docs[path.stem] = pipeline(to_document(raw, settings))
    return docs


def score_times(docs: dict[str, Document], expected: dict[str, list[list[str]]]) -> dict:
    """Hand-checked time expressions of the seeds ([surface, value] per document, in text order)."""
    n_expected = sum(len(v) for v in expected.values())
    found, wrong, missed = 0, [], []
    n_pred = 0
    for name, items in expected.items():
        preds = [(norm(t.text), t.value) for t in docs[name].times if t.value] if name in docs else []
        n_pred += len(preds)
        pool = list(preds)
        for surface, value in items:
            key = (norm(surface), value)
            if key in pool:
                pool.remove(key)
                found += 1
            else:
                missed.append((name, surface, value))
        wrong += [(name, *p) for p in pool]
    return {**_prf(n_pred - len(wrong), n_pred, found, n_expected), "missed": missed, "wrong": wrong}
