"""Storage benchmark: DocumentRepo writes and reads on SQLite (and PostgreSQL when given).

    .venv/bin/python bench/store.py [--docs 2000] [--pg postgresql://user@127.0.0.1:5432/db]

The bundled demo corpus is analysed once (metadata, clean, segment, entities, ...); each
stored copy gets its own id, so the store holds --docs distinct documents with all their
layers and index rows. Prints documents/s for ``add`` (one transaction each), a repeated
``add`` (idempotent: nothing written), ``get`` (full round trip) and filtered ``list``.
A throwaway database is used: a temp SQLite file, a new database on the PostgreSQL server.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lagebild.config import DATA_DIR, Settings  # noqa: E402
from lagebild.engine import Engine  # noqa: E402
from lagebild.store import Store  # noqa: E402


def analysed_demo() -> list:
    with Engine(Settings(db_url="sqlite://")) as engine:
        report = engine.ingest([DATA_DIR / "demo"])
        return report.documents


def copies(docs: list, n: int) -> list:
    out = []
    base = datetime(2025, 10, 1)
    for i in range(n):
        d = docs[i % len(docs)]
        meta = d.meta.model_copy(update={"published": base + timedelta(minutes=7 * i), "source": f"quelle-{i % 7}"})
        out.append(d.model_copy(update={"id": f"{i:016x}", "name": f"{d.name}-{i}", "meta": meta}))
    return out


def run(url: str, docs: list) -> dict[str, float]:
    store = Store(url)
    repo = store.documents
    rates = {}
    t = time.perf_counter()
    for d in docs:
        repo.add(d)
    rates["add"] = len(docs) / (time.perf_counter() - t)
    t = time.perf_counter()
    for d in docs[:500]:
        assert repo.add(d)[1] is False
    rates["re-add (present)"] = min(500, len(docs)) / (time.perf_counter() - t)
    t = time.perf_counter()
    for d in docs[:500]:
        assert repo.get(d.id) is not None
    rates["get (full document)"] = min(500, len(docs)) / (time.perf_counter() - t)
    t = time.perf_counter()
    for i in range(200):
        repo.list(source=f"quelle-{i % 7}", since=datetime(2025, 10, 2), limit=50)
    rates["list (50 rows, filtered) /s"] = 200 / (time.perf_counter() - t)
    store.close()
    return rates


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--pg", help="PostgreSQL server URL; a throwaway database is created on it")
    args = ap.parse_args()

    docs = copies(analysed_demo(), args.docs)
    size = sum(len(d.raw) for d in docs) / 1e6
    mentions = sum(len(d.mentions) for d in docs)
    print(f"{len(docs)} documents, {size:.1f} MB raw, {mentions} mentions\n")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["SQLite (WAL)"] = run(f"sqlite:///{tmp}/bench.db", docs)
    if args.pg:
        import sqlalchemy as sa

        from lagebild.store.db import normalise_url

        name = "lagebild_bench_" + uuid.uuid4().hex[:8]
        admin = sa.create_engine(normalise_url(args.pg), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            results["PostgreSQL"] = run(args.pg.rsplit("/", 1)[0] + "/" + name, docs)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    ops = list(next(iter(results.values())))
    print(f"{'operation (per second)':<30}" + "".join(f"{db:>16}" for db in results))
    for op in ops:
        print(f"{op:<30}" + "".join(f"{results[db][op]:>16.0f}" for db in results))


if __name__ == "__main__":
    main()
