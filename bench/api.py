"""HTTP speed of the story list and a story page with 5,000 stored documents.

Builds a throw-away SQLite database (or uses --db): the seed texts are run through the
pipeline once, then replicated with variations (new ids, times, sources, an extra
sentence) to --docs documents and bulk-inserted through the real DocumentRepo; stories are
formed over them. Then `lagebild serve` runs on 127.0.0.1 and each endpoint gets a bounded
number of requests (--requests, time-limited by --seconds) from --concurrency clients; the last
row asks for every story page in turn, so the rendered-page cache cannot answer.

    .venv/bin/python bench/api.py [--docs 5000] [--requests 500] [--seconds 60]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lagebild.config import Settings  # noqa: E402
from lagebild.document import Document  # noqa: E402
from lagebild.store import Store  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"
DEMO = REPO / "lagebild" / "data" / "demo"
SOURCES = ["Landesfunk", "Tageszeitung Nord", "Agentur West", "Stadtportal", "Abendblatt", "Nachrichtenseite Ost"]
EXTRA = ["Weitere Einzelheiten wurden zunächst nicht bekannt.", "Die Lage bleibt nach Behördenangaben unübersichtlich.",
         "Eine Stellungnahme stand am Abend noch aus.", "Beobachter rechnen mit weiteren Gesprächen."]


def base_documents(tmp: Path) -> list[Document]:
    """The seed texts (when ../shared is there) and the bundled demo corpus, ingested by the
    Engine into a scratch database and read back fully analysed."""
    from lagebild.engine import Engine

    inputs = [DEMO] + ([SEEDS] if SEEDS.is_dir() else [])
    with Engine(Settings(db_url=f"sqlite:///{tmp / 'base.db'}")) as engine:
        engine.ingest(inputs)
        return list(engine.store.documents.iter_all())


def variant(doc: Document, i: int, rng: random.Random) -> Document:
    """A distinct document: own id, time, source and one extra closing sentence."""
    extra = " " + EXTRA[i % len(EXTRA)]
    text = doc.text + extra
    raw = doc.raw + f"\n#{i}".encode()
    base_time = doc.meta.published or datetime(2025, 10, 20)
    published = base_time.replace(tzinfo=None) + timedelta(hours=rng.randint(-24 * 30, 24 * 30))
    meta = doc.meta.model_copy(update={"published": published, "source": SOURCES[i % len(SOURCES)],
                                       "title": f"{doc.meta.title or doc.name} ({i})"})
    return doc.model_copy(update={
        "id": hashlib.sha256(raw).hexdigest()[:16], "name": f"{doc.name}-{i}", "raw": raw,
        "original_text": doc.original_text + extra, "text": text, "meta": meta,
    })


def seed(url: str, n_docs: int, story_size: int, tmp: Path) -> str:
    from tests.api import wiring

    store = Store(url)
    rng = random.Random(7)
    bases = base_documents(tmp)
    t0 = time.perf_counter()
    docs = [variant(bases[i % len(bases)], i, rng) for i in range(n_docs)]
    wiring.add_documents(store, docs)
    t1 = time.perf_counter()
    story_id = None
    for k in range(0, len(docs), story_size):
        sid, _ = wiring.story_and_draft(store, docs[k:k + story_size])
        story_id = story_id or sid
    t2 = time.perf_counter()
    print(f"seeded {n_docs} documents in {t1 - t0:.1f} s, {-(-n_docs // story_size)} stories in {t2 - t1:.1f} s")
    store.close()
    return story_id


def seeded_story(url: str) -> tuple[str, int]:
    """(the largest story, number of documents) of a database seeded before."""
    store = Store(url)
    try:
        story = max(store.stories.list(limit=10_000), key=lambda st: len(st.members))
        return story.id, store.documents.count()
    finally:
        store.close()


def all_story_ids(url: str) -> list[str]:
    store = Store(url)
    try:
        return [st.id for st in store.stories.list(limit=10_000)]
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(base: str, path: str | list[str], n: int, seconds: float, concurrency: int) -> dict:
    """``path``: one path, or a list requested in turn (each story once before any repeats, so
    the story page's rendered-HTML cache does not answer: the cost of rendering)."""
    paths = [path] if isinstance(path, str) else path
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    counter = iter(range(n))

    def worker():
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.perf_counter() < deadline:
                with lock:
                    i = next(counter, None)
                    if i is None:
                        return
                t = time.perf_counter()
                r = client.get(paths[i % len(paths)])
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    errors += r.status_code != 200

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = sorted(latencies)
    return {
        "path": path if isinstance(path, str) else path[0].rsplit("/", 1)[0] + "/{each}", "requests": len(lat), "errors": errors, "rps": len(lat) / wall if wall else 0.0,
        "p50": 1000 * statistics.median(lat) if lat else 0.0,
        "p95": 1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--story-size", type=int, default=50)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--db", help="use this database instead of a fresh temporary SQLite file (must be empty, "
                                 "or already seeded with --reuse)")
    ap.add_argument("--reuse", action="store_true",
                    help="--db was seeded by an earlier run: measure only (on its largest story)")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    if args.reuse and args.db:
        story_id, args.docs = seeded_story(url)
    else:
        story_id = seed(url, args.docs, args.story_size, Path(tmp.name))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lagebild.cli", "serve", "--port", str(port), "--db", url],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    base = f"http://127.0.0.1:{port}"
    try:
        print(proc.stdout.readline().strip())
        for _ in range(300):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        paths = ["/api/stories", f"/api/stories/{story_id}", "/", f"/stories/{story_id}"]
        for p in paths:  # warm caches and the connection pool
            httpx.get(base + p, timeout=30)
        rows = [measure(base, p, args.requests, args.seconds, args.concurrency) for p in paths]
        # every story in turn: story pages rendered afresh (their cache holds fewer than 100)
        every = [f"/stories/{sid}" for sid in all_story_ids(url)]
        rows.append(measure(base, every, args.requests, args.seconds, args.concurrency))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"\n{args.docs} documents, story of {args.story_size}, {args.concurrency} concurrent clients, loopback")
    print(f"{'endpoint':<42} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for r in rows:
        name = r["path"].replace(story_id, "{id}") + ("  (all stories in turn)" if "{each}" in r["path"] else "")
        print(f"{name:<42} {r['requests']:>8} {r['errors']:>6} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f}")


if __name__ == "__main__":
    main()
