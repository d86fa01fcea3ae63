"""Benchmark: entity precision on real Austrian news, judged by hand (10kgnad test articles).

    .venv/bin/python bench/ner_sample.py [--shared ../shared] [--heldout] [--dump]

The sample is 30 articles of ../shared/data/10kgnad/test.csv (rows drawn with
random.Random(2014) among articles of 400-2500 characters), run through the pipeline stages
metadata -> clean -> segment -> entities. Every predicted name mention (PER/ORG/LOC/MISC;
not role titles such as "der Präsident") was judged by hand; the judgements are in
bench/data/ner_sample_10kgnad.json as {article (row index in test.csv), start, end, mention,
label, verdict} -- mention strings and offsets into the cleaned text only, no article text.

Verdicts: "ok" (right span and type), "type" (a name, wrong type), "cut" (a name, span too
short or too long), "no" (not a named entity at all: a verb, pronoun, adjective, common noun).
Precision = ok / judged. A mention the file does not judge (the output changed) is listed
as "unjudged" and left out of the precision; ``--dump`` prints all mentions with context for
judging.

The rules of lagebild/understand/ner.py were written after reading the errors of this sample, so
``--heldout`` scores a second sample judged only afterwards (20 other articles,
random.Random(2015), bench/data/ner_sample_10kgnad_heldout.json): output of the code before the
rules (commit ac938f1) and after, both judged, neither used to write rules.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

SAMPLES = {  # name: (judgement file, articles, seed)
    "tuning": (REPO / "bench" / "data" / "ner_sample_10kgnad.json", 30, 2014),
    "heldout": (REPO / "bench" / "data" / "ner_sample_10kgnad_heldout.json", 20, 2015),
}


def sample_rows(shared: Path, n: int, seed: int, exclude: set[int] = frozenset()) -> list[tuple[int, str]]:
    with open(shared / "data" / "10kgnad" / "test.csv", encoding="utf-8", newline="") as fh:
        rows = [(i, r[1]) for i, r in enumerate(csv.reader(fh, delimiter=";", quotechar="'")) if len(r) > 1]
    pool = [(i, t) for i, t in rows if 400 <= len(t) <= 2500 and i not in exclude]
    return sorted(random.Random(seed).sample(pool, n))


def predicted(shared: Path, sample: str):
    """(row, document) for the sample, through the pipeline's stages up to entities."""
    from entity_support import make_document

    from lagebild.config import Settings
    from lagebild.pipeline import Pipeline

    pipeline = Pipeline.from_names(["metadata", "clean", "segment", "entities"], Settings())
    _, n, seed = SAMPLES[sample]
    exclude: set[int] = set()
    if sample == "heldout":
        _, n0, seed0 = SAMPLES["tuning"]
        exclude = {i for i, _ in sample_rows(shared, n0, seed0)}
    for row, text in sample_rows(shared, n, seed, exclude):
        doc = make_document(text, f"10kgnad-{row}")
        yield row, pipeline(doc.model_copy(update={"text": "", "sentences": []}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO / ".." / "shared")
    ap.add_argument("--dump", action="store_true", help="print every mention with context (for judging)")
    ap.add_argument("--heldout", action="store_true", help="the held-out sample (judged after the rules were written)")
    args = ap.parse_args()
    sample = "heldout" if args.heldout else "tuning"
    path, n_articles, _ = SAMPLES[sample]
    judged = {}
    if path.exists():
        for j in json.loads(path.read_text(encoding="utf-8")):
            judged[(j["article"], j["start"], j["end"], j["mention"], j["label"])] = j["verdict"]
    verdicts: Counter = Counter()
    by_label: dict[str, Counter] = {}
    unjudged = []
    errors = []
    for row, doc in predicted(args.shared.resolve(), sample):
        for m in doc.mentions:
            if m.origin == "title":
                continue
            key = (row, m.start, m.end, m.text, m.label)
            v = judged.get(key)
            if args.dump:
                ctx = doc.text[max(0, m.start - 40) : m.end + 40].replace("\n", " ")
                print(json.dumps({"article": row, "start": m.start, "end": m.end, "mention": m.text,
                                  "label": m.label, "origin": m.origin, "verdict": v, "ctx": ctx}, ensure_ascii=False))
            if v is None:
                unjudged.append(f"{row}: {m.text!r} {m.label}")
                continue
            verdicts[v] += 1
            by_label.setdefault(m.label, Counter())[v] += 1
            if v != "ok":
                errors.append(f"{row}: {m.text!r} {m.label} ({v})")
    if args.dump:
        return
    n = sum(verdicts.values())
    print(f"10kgnad hand-judged {sample} sample: {n_articles} articles, {n} judged mentions, {len(unjudged)} unjudged")
    print(f"  precision (right span and type) {verdicts['ok'] / n:.3f}" if n else "  nothing judged")
    print("  verdicts:", dict(verdicts))
    for label, c in sorted(by_label.items()):
        k = sum(c.values())
        print(f"  {label:5} {c['ok']:4}/{k:<4} {c['ok'] / k:.3f}  {dict(c)}")
    if errors:
        print("  errors:", "; ".join(errors))
    if unjudged:
        print("  unjudged:", "; ".join(unjudged))


if __name__ == "__main__":
    main()
