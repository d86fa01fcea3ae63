"""Benchmark: named entities and alias resolution.

    .venv/bin/python bench/ner.py [--shared ../shared] [--news 200] [--model PATH] [--without RULE ...]

Prints
1. CoNLL-style exact span + type P/R/F1 (per type and micro overall) on GermEval 2014
   NER-de-dev.tsv, outer tags (OTH -> MISC, -deriv/-part -> O; see
   lagebild/understand/ner_corpora.py), for: the trained model alone, HanTa + gazetteer +
   rules alone, and the combination used by the pipeline. Our model is trained on the
   official *test* file (the train file is not available here) and evaluated on dev, so
   the figures are not directly comparable with the published test-set figures printed
   beside them.
2. Recognition and alias-resolution P/R/F1 on the seed gold (../shared/gold/entities.json),
   with the full gazetteer and with the curated gazetteer removed (countries only), which
   shows how much comes from listed actors.
3. Model size on disk, load time, sentences/s of the entities stage, training time.

``--without RULE`` switches off one of the precision rules of lagebild/understand/ner.py
(``ENTITY_RULES``: known_noun, demonym, initial_non_name, genitive_org, dateline,
surname_continued) for an ablation. Precision on real news, judged by hand: bench/ner_sample.py.

``score_seed_entities`` is re-exported for bench/understand.py.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from lagebild.config import Settings  # noqa: E402
from lagebild.understand.entity_scoring import score_seed_entities  # noqa: E402,F401
from lagebild.understand.ner_corpora import read_germeval, spans_from_bio  # noqa: E402

PUBLISHED = [
    ("GELECTRA-large (deepset), official test", 88.95),
    ("GBERT-large (deepset), official test", 88.16),
    ("GBERT-base (deepset), official test", 87.98),
    ("German T5 encoders, official test", "85.5-86.2"),
    ("UKP, GermEval 2014 shared task entry, official test", 75.1),
]
TYPES = ("PER", "ORG", "LOC", "MISC")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def germeval_scores(recogniser, sentences, mode: str) -> dict[str, tuple[float, float, float]]:
    from spacy.tokens import Doc

    docs = [Doc(recogniser.nlp.vocab, words=s.words, spaces=[True] * len(s.words)) for s in sentences]
    counts = {t: Counter() for t in TYPES}
    for sent, doc in zip(sentences, recogniser.process(docs, mode)):
        names, _ = recogniser.recognise_doc(doc, mode)
        pred = set()
        for c in names:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if span is not None and c.label in TYPES:
                pred.add((span.start, span.end, c.label))
        gold = set(spans_from_bio(sent.tags))
        for t in TYPES:
            g = {x for x in gold if x[2] == t}
            p = {x for x in pred if x[2] == t}
            counts[t]["tp"] += len(g & p)
            counts[t]["fp"] += len(p - g)
            counts[t]["fn"] += len(g - p)
    out = {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}
    out["overall"] = prf(*(sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")))
    return out


def seed_scores(extractor, shared: Path) -> dict:
    from entity_support import seed_documents

    from lagebild.understand.resolve import EntityResolver

    gold = json.loads((shared / "gold" / "entities.json").read_text(encoding="utf-8"))
    docs = [extractor(d) for d in seed_documents(shared / "seeds")]
    docs, _ = EntityResolver(extractor.gazetteer).resolve(docs)
    return score_seed_entities(docs, gold, lambda w: extractor.recogniser.pos(w) in ("NE", "FM"))


def news_sentences(shared: Path, limit: int) -> list[tuple[str, list[tuple[int, int]]]]:
    from entity_support import somajo_sentences

    out = []
    with open(shared / "data" / "10kgnad" / "test.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter=";", quotechar="'"):
            if len(out) >= limit:
                break
            text = row[1]
            out.append((text, [(s.start, s.end) for s in somajo_sentences(text)]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO / ".." / "shared")
    ap.add_argument("--news", type=int, default=200, help="10kgnad articles for the throughput run")
    ap.add_argument("--model", type=Path, default=None, help="a trained spaCy NER model (default: the shipped one)")
    ap.add_argument("--without", action="append", default=[], metavar="RULE",
                    help="switch off a precision rule (lagebild.understand.ner.ENTITY_RULES); repeatable")
    args = ap.parse_args()
    shared = args.shared.resolve()
    settings = Settings(ner_model=args.model.resolve()) if args.model else Settings()

    from lagebild.understand.entities import EntityExtractor
    from lagebild.understand.gazetteer import Gazetteer

    t0 = time.perf_counter()
    extractor = EntityExtractor(settings)
    load_s = time.perf_counter() - t0
    unknown = set(args.without) - extractor.recogniser.rules
    if unknown:
        ap.error(f"unknown rule(s) {sorted(unknown)}; rules: {sorted(extractor.recogniser.rules)}")
    extractor.recogniser.rules -= set(args.without)

    dev = read_germeval(shared / "data" / "germeval2014" / "NER-de-dev.tsv")
    print(f"GermEval 2014 NER-de-dev.tsv ({len(dev)} sentences), outer tags, exact span+type "
          "(trained on the official test file, evaluated on dev)")
    header = f"{'system':34} " + " ".join(f"{t + ' P/R/F1':>20}" for t in (*TYPES, "overall"))
    print(header)
    for mode, label in (("model", "model alone"), ("rules", "HanTa+gazetteer+rules"), ("combined", "combination (pipeline)")):
        scores = germeval_scores(extractor.recogniser, dev, mode)
        row = " ".join(f"{p * 100:6.1f}/{r * 100:5.1f}/{f * 100:5.1f}" for p, r, f in (scores[t] for t in (*TYPES, "overall")))
        print(f"{label:34} {row}")
    print("published reference figures (F1, official GermEval 2014 test set, not our split):")
    for name, f in PUBLISHED:
        print(f"  {name:55} {f}")

    countries = Gazetteer.load(curated=False)
    print("\nSeed gold (../shared/gold/entities.json)")
    print(f"{'gazetteer':28} {'rec P':>6} {'rec R':>6} {'rec F1':>6} {'P(all)':>7} {'res P':>6} {'res R':>6} {'res F1':>6} {'one id':>7}")
    for label, ex in (
        ("curated + countries", extractor),
        ("countries only (ablation)", EntityExtractor(settings, countries, extractor.recogniser.with_gazetteer(countries))),
    ):
        r = seed_scores(ex, shared)
        rec, res = r["recognition"], r["resolution"]
        print(f"{label:28} {rec['precision']:6.3f} {rec['recall']:6.3f} {rec['f1']:6.3f} {rec['precision_all']:7.3f} "
              f"{res['precision']:6.3f} {res['recall']:6.3f} {res['f1']:6.3f} {res['one_id']:>3}/{res['entities']}")
        if r["missed"]:
            print("   missed:", "; ".join(r["missed"][:12]), "..." if len(r["missed"]) > 12 else "")
        split = {k: v for k, v in r["entity_ids"].items() if len(v) > 1}
        if split:
            print("   split:", json.dumps(split, ensure_ascii=False)[:400])

    model_dir = Path(settings.ner_model)
    size = sum(p.stat().st_size for p in model_dir.rglob("*") if p.is_file())
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    news = news_sentences(shared, args.news)
    n_sent = sum(len(s) for _, s in news)
    extractor.mentions(*news[0])  # warm caches once
    t0 = time.perf_counter()
    n_mentions = sum(len(extractor.mentions(text, sents)) for text, sents in news)
    run_s = time.perf_counter() - t0
    print("\nSpeed and size")
    shown = model_dir.relative_to(REPO) if model_dir.is_relative_to(REPO) else model_dir
    print(f"  model on disk            {size / 1e6:.1f} MB ({shown})")
    print(f"  load time (model+HanTa+gazetteer) {load_s:.2f} s")
    print(f"  entities stage           {n_sent / run_s:.0f} sentences/s ({n_sent} sentences of {len(news)} 10kgnad articles, {n_mentions} mentions)")
    print(f"  training time            {meta.get('training_seconds', '?')} s, {meta.get('training_epochs', '?')} epochs (scripts/train_ner.py, 2 CPU cores)")


if __name__ == "__main__":
    main()
