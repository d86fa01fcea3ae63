"""Extractive story summaries against our own reference summaries: ROUGE-1/2/L F1 and seconds per story.

    .venv/bin/python bench/summarize.py [--sentences N] [--pipeline metadata,clean,segment,entities]

Stories: the seed stories (bench/data/reference_summaries_seeds.json, documents read from
../shared/seeds) and the demo stories (bench/data/reference_summaries_demo.json, documents from
lagebild/data/demo). ROUGE is implemented here with the standard formulas (n-gram overlap
recall / precision / F1; ROUGE-L from the longest common subsequence), on lower-cased simple
tokens (letters and digits, German umlauts kept, no stemming). Time per story covers the
summary only (the pipeline runs once beforehand and is reported separately)."""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lagebild.config import Settings  # noqa: E402
from lagebild.document import Document, RawDocument  # noqa: E402
from lagebild.ingest.decode import to_document  # noqa: E402
from lagebild.pipeline import STAGES, Pipeline  # noqa: E402
from lagebild.tell.summary import SummaryOptions, candidates, summarize  # noqa: E402

SEEDS = REPO / ".." / "shared" / "seeds"
DEMO = REPO / "lagebild" / "data" / "demo"
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace(".", ""))  # "11.000" -> "11000"


def _f1(overlap: int, cand: int, ref: int) -> float:
    if overlap == 0 or cand == 0 or ref == 0:
        return 0.0
    p, r = overlap / cand, overlap / ref
    return 2 * p * r / (p + r)


def rouge_n(cand: list[str], ref: list[str], n: int) -> float:
    c = Counter(tuple(cand[i:i + n]) for i in range(len(cand) - n + 1))
    r = Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
    return _f1(sum((c & r).values()), sum(c.values()), sum(r.values()))


def lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(cand: list[str], ref: list[str]) -> float:
    return _f1(lcs(cand, ref), len(cand), len(ref))


def seed_docs(pipeline: Pipeline, settings: Settings, names: list[str]) -> list[Document]:
    out = []
    for name in names:
        path = SEEDS / f"{name}.txt"
        out.append(pipeline(to_document(RawDocument(content=path.read_bytes(), origin=str(path), name=name), settings)))
    return out


def demo_docs(pipeline: Pipeline, settings: Settings, refs: list[str]) -> list[Document]:
    from lagebild.ingest.readers import iter_raw_documents

    out = []
    for ref in refs:
        name, _, item = ref.partition("#")
        for raw in iter_raw_documents([DEMO / name], settings):
            if isinstance(raw, Exception):
                continue
            if item and item not in (raw.origin + " " + (raw.url or "") + " " + (raw.name or "")):
                continue
            out.append(pipeline(to_document(raw, settings)))
    return out


def lead_baseline(docs: list[Document], n: int) -> str:
    """Baseline: the first n summary-worthy sentences, documents in the given order."""
    return " ".join(c.text for c in candidates(docs)[:n])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=4)
    ap.add_argument("--pipeline", default="metadata,clean,segment,entities,times,quotes,claims")
    args = ap.parse_args()
    import lagebild.stages  # noqa: F401

    settings = Settings()
    names = [n for n in args.pipeline.split(",") if n in STAGES]
    t0 = time.perf_counter()
    pipeline = Pipeline.from_names(names, settings)
    load_s = time.perf_counter() - t0
    stories = []
    if SEEDS.is_dir():
        for e in json.loads((REPO / "bench/data/reference_summaries_seeds.json").read_text(encoding="utf-8")):
            stories.append(("seed", e["story"], e["summary"], lambda e=e: seed_docs(pipeline, settings, e["story_docs"])))
    for e in json.loads((REPO / "bench/data/reference_summaries_demo.json").read_text(encoding="utf-8")):
        stories.append(("demo", e["story"], e["summary"], lambda e=e: demo_docs(pipeline, settings, e["story_docs"])))

    print(f"pipeline: {', '.join(names)} (loaded in {load_s:.1f} s); summary length {args.sentences} sentences")
    print(f"{'set':<5} {'story':<24} {'docs':>4} {'sents':>5} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'lead R-1':>8} {'lead R-L':>8} {'analyse s':>9} {'sum s':>7}")
    totals, base_totals, n = [0.0, 0.0, 0.0], [0.0, 0.0], 0
    times = []
    for kind, story, reference, load in stories:
        t0 = time.perf_counter()
        docs = load()
        analyse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = summarize(docs, story, opts=SummaryOptions(sentences=args.sentences))
        sum_s = time.perf_counter() - t0
        times.append(sum_s)
        cand, ref = tokens(" ".join(s.text for s in summary.sentences)), tokens(reference)
        scores = [rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref)]
        lead = tokens(lead_baseline(docs, args.sentences))
        base = [rouge_n(lead, ref, 1), rouge_l(lead, ref)]
        base_totals = [a + b for a, b in zip(base_totals, base)]
        totals = [a + b for a, b in zip(totals, scores)]
        n += 1
        print(f"{kind:<5} {story:<24} {len(docs):>4} {len(summary.sentences):>5} "
              + " ".join(f"{x:>6.3f}" for x in scores) + " " + " ".join(f"{x:>8.3f}" for x in base)
              + f" {analyse_s:>9.2f} {sum_s:>7.3f}")
    print(f"{'mean':<30} {'':>4} {'':>5} " + " ".join(f"{x / n:>6.3f}" for x in totals) + " "
          + " ".join(f"{x / n:>8.3f}" for x in base_totals) + f" {'':>9} {sum(times) / len(times):>7.3f}")


if __name__ == "__main__":
    main()
