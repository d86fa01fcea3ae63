"""Ingest benchmark: to_document + metadata + clean + segment on replicated seed texts.

    .venv/bin/python bench/ingest.py [--docs 5000] [--seeds ../shared/seeds]

The seed texts (or the bundled demo corpus when ../shared is absent) are
replicated with a small variation per copy (an inserted sentence with a running
number), so every copy is a distinct document with its own id. Prints documents/s,
MB/s, the time share of each step and the peak memory of the process; then runs
every 10kGNAD article once (real news: nothing may fail, what is found is counted).
"""
from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lagebild.config import DATA_DIR, Settings  # noqa: E402
from lagebild.document import IngestError, RawDocument  # noqa: E402
from lagebild.ingest.decode import to_document  # noqa: E402
from lagebild.pipeline import Pipeline  # noqa: E402

STEPS = ("to_document", "metadata", "clean", "segment")


def seed_texts(folder: Path) -> list[tuple[str, bytes]]:
    files = sorted(p for p in folder.glob("*.txt") if p.name[:1] != ".")
    return [(p.stem, p.read_bytes()) for p in files]


def vary(content: bytes, number: int) -> bytes:
    """Insert one sentence after the first full stop, so each copy differs a little."""
    text = content.decode("utf-8")
    extra = f"Nachtrag {number}: Die Redaktion hat diesen Bericht um weitere Angaben ergänzt. "
    match = re.search(r"[.!?] ", text)
    at = match.end() if match else 0
    return (text[:at] + extra + text[at:]).encode("utf-8")


def real_news_pass(path: Path, settings: Settings, pipeline: Pipeline, show: int) -> list[tuple[str, str]]:
    """Every 10kGNAD article once: nothing may crash; counts what the stages found."""
    import csv
    from collections import Counter

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";", quotechar="'"))
    kinds, refused, subheadlines, sentences, size = Counter(), Counter(), [], 0, 0
    start = time.perf_counter()
    for number, row in enumerate(rows):
        text = row[1] if len(row) > 1 else ""
        size += len(text.encode("utf-8"))
        try:
            doc = pipeline(to_document(RawDocument(content=text.encode("utf-8"), origin=f"10kgnad:{number}"), settings))
        except IngestError as exc:
            refused[exc.reason.split(":")[0]] += 1
            continue
        kinds[doc.meta.kind] += 1
        sentences += len(doc.sentences)
        subheadlines += [doc.span(s.start, s.end) for s in doc.segments if s.kind == "subheadline"]
    wall = time.perf_counter() - start
    for headline in subheadlines[:show]:
        print(f"  glued sub-headline: {headline}", file=sys.stderr)
    return [
        ("10kGNAD articles", f"{len(rows)} from {path}"),
        ("  refused", ", ".join(f"{k}: {v}" for k, v in refused.items()) or "none"),
        ("  kinds", ", ".join(f"{k}: {v}" for k, v in kinds.most_common())),
        ("  sub-headlines split out", f"{len(subheadlines)} ({len(subheadlines) / max(1, len(rows)):.2f} per article)"),
        ("  documents/s, MB/s", f"{len(rows) / wall:.1f}, {size / 1e6 / wall:.3f}"),
        ("  sentences", str(sentences)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seeds", type=Path, default=REPO / ".." / "shared" / "seeds")
    parser.add_argument("--real", type=Path, default=REPO / ".." / "shared" / "data" / "10kgnad" / "test.csv",
                        help="10kGNAD csv for a robustness pass on real news (skipped when absent)")
    parser.add_argument("--show", type=int, default=0, help="print this many sub-headlines found in --real")
    args = parser.parse_args()

    folder = args.seeds if args.seeds.is_dir() else DATA_DIR / "demo"
    seeds = seed_texts(folder)
    if not seeds:
        sys.exit(f"no .txt seeds in {folder}")
    settings = Settings()
    t0 = time.perf_counter()
    pipeline = Pipeline.from_names(["metadata", "clean", "segment"], settings)
    to_document(RawDocument(content=seeds[0][1], origin="warmup"), settings)  # loads lingua once
    setup_s = time.perf_counter() - t0

    raws = [
        RawDocument(content=vary(content, i), origin=f"{name}#{i}", name=f"{name}-{i}")
        for i in range(args.docs)
        for name, content in [seeds[i % len(seeds)]]
    ]
    total_bytes = sum(len(r.content) for r in raws)
    spent = dict.fromkeys(STEPS, 0.0)
    ids, sentences, segments, failures = set(), 0, 0, 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for raw in raws:
        t = time.perf_counter()
        try:
            doc = to_document(raw, settings)
        except Exception as exc:  # a bench reports failures, it does not stop on them
            failures += 1
            print(f"  failed: {exc}", file=sys.stderr)
            continue
        spent["to_document"] += time.perf_counter() - t
        for stage in pipeline.stages:
            t = time.perf_counter()
            doc = stage(doc)
            spent[stage.name] += time.perf_counter() - t
        ids.add(doc.id)
        sentences += len(doc.sentences)
        segments += len(doc.segments)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # less sensitive than wall time to other jobs on the machine
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    rows = [
        ("seed folder", str(folder.resolve())),
        ("documents", f"{len(raws)} ({len(ids)} distinct ids, {failures} failed)"),
        ("input size", f"{total_bytes / 1e6:.1f} MB"),
        ("segments / sentences", f"{segments} / {sentences}"),
        ("setup (models)", f"{setup_s:.2f} s"),
        ("wall time", f"{wall:.1f} s"),
        ("documents/s", f"{len(raws) / wall:.1f}"),
        ("MB/s", f"{total_bytes / 1e6 / wall:.3f}"),
        ("CPU time (this process)", f"{cpu:.1f} s = {len(raws) / cpu:.1f} documents / {total_bytes / 1e6 / cpu:.3f} MB per CPU-second"),
        ("sentences/s", f"{sentences / wall:.0f}"),
        *((f"  {step}", f"{spent[step]:.1f} s ({spent[step] / wall:.0%})") for step in STEPS),
        ("peak memory (max RSS)", f"{peak_mib:.0f} MiB"),
    ]
    if args.real.is_file():
        rows += real_news_pass(args.real, settings, pipeline, args.show)
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}} | value")
    print(f"{'-' * width}-+-{'-' * 40}")
    for key, value in rows:
        print(f"{key:<{width}} | {value}")


if __name__ == "__main__":
    main()
