"""Full-text search over stored documents.

SQLite: an FTS5 table ``documents_fts`` (created by migration 0002_search) holds a
Snowball-stemmed copy of each document's title and cleaned text, because FTS5 has no
German stemmer; queries are stemmed the same way, so "Soldaten" finds "Soldat".
The DocumentRepo calls :func:`index_document` inside its insert transaction.

PostgreSQL: a GIN index over ``to_tsvector('german', title || text)`` (also 0002_search);
nothing to keep in sync, the query uses ``websearch_to_tsquery('german', ...)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Connection, text

WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TERMS = 12
PG_VECTOR_SQL = "to_tsvector('german', coalesce(title, '') || ' ' || text)"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer (Snowball)

    return Stemmer.Stemmer("german")


def stem_words(value: str) -> list[str]:
    words = [w.lower() for w in WORD.findall(value or "")]
    return _stemmer().stemWords(words) if words else []


def stemmed_text(value: str) -> str:
    return " ".join(stem_words(value))


def fts_query(query: str, any_word: bool = False) -> str | None:
    """An FTS5 MATCH expression (AND, or with ``any_word`` OR, of quoted stems), or None when
    nothing searchable is left. Every term is quoted, so user input is never FTS5 syntax."""
    stems = [s.replace('"', "") for s in stem_words(query)][:MAX_QUERY_TERMS]
    stems = list(dict.fromkeys(s for s in stems if s))
    if not stems:
        return None
    return (" OR " if any_word else " ").join(f'"{s}"' for s in stems)


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def index_document(conn: Connection, doc_id: str, title: str | None, body: str) -> None:
    """Add or replace the search entry of one document (call inside the insert transaction)."""
    if not _is_sqlite(conn):
        return  # PostgreSQL indexes the expression itself
    conn.execute(text("DELETE FROM documents_fts WHERE doc_id = :id"), {"id": doc_id})
    conn.execute(
        text("INSERT INTO documents_fts (doc_id, title, body) VALUES (:id, :title, :body)"),
        {"id": doc_id, "title": stemmed_text(title or ""), "body": stemmed_text(body)},
    )


def remove_document(conn: Connection, doc_id: str) -> None:
    if _is_sqlite(conn):
        conn.execute(text("DELETE FROM documents_fts WHERE doc_id = :id"), {"id": doc_id})


def rebuild(conn: Connection) -> int:
    """Re-index every stored document (after the migration, or to repair the index)."""
    if not _is_sqlite(conn):
        return 0
    conn.execute(text("DELETE FROM documents_fts"))
    n = 0
    for row in conn.execute(text("SELECT id, title, text FROM documents")):
        index_document(conn, row[0], row[1], row[2])
        n += 1
    return n


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    score: float


@dataclass(frozen=True)
class DocFilter:
    """Restricts hits to reports from ``source``, published (else ingested) in [since, until]
    (naive UTC, like the columns), or naming the canonical entity ``entity``."""
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    entity: str | None = None

    def sql(self, doc_id: str) -> tuple[str, dict]:
        """SQL conditions on the ``documents`` row ``d`` (joined on ``doc_id``) and their parameters."""
        parts, params = [], {}
        if self.source:
            parts.append("d.source = :f_source")
            params["f_source"] = self.source.replace("\x00", "")
        if self.since is not None:
            parts.append("coalesce(d.published, d.ingested_at) >= :f_since")
            params["f_since"] = self.since
        if self.until is not None:
            parts.append("coalesce(d.published, d.ingested_at) <= :f_until")
            params["f_until"] = self.until
        if self.entity:
            parts.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = {doc_id} AND m.entity_id = :f_entity)")
            params["f_entity"] = self.entity.replace("\x00", "")
        return "".join(" AND " + x for x in parts), params


def search(conn: Connection, query: str, limit: int = 20, offset: int = 0,
           any_word: bool = False, filters: DocFilter | None = None) -> tuple[int, list[SearchHit]]:
    """(total number of matches, one page of hits, best first). All words must match, or with
    ``any_word`` at least one (ranked by how well); ``filters`` narrows to some reports."""
    query = (query or "").replace("\x00", " ")
    where, params = (filters or DocFilter()).sql("d.id")
    if _is_sqlite(conn):
        match = fts_query(query, any_word)
        if match is None:
            return 0, []
        # the join is only needed (and only paid for) when there are filters
        join = " JOIN documents d ON d.id = documents_fts.doc_id" if where else ""
        base = f"FROM documents_fts{join} WHERE documents_fts MATCH :q{where}"
        args = {"q": match, **params}
        total = conn.execute(text(f"SELECT count(*) {base}"), args).scalar()
        rows = conn.execute(
            text(f"SELECT documents_fts.doc_id, bm25(documents_fts, 2.0, 1.0) AS rank {base} "
                 "ORDER BY rank LIMIT :limit OFFSET :offset"),
            {**args, "limit": limit, "offset": offset},
        ).all()
        return int(total or 0), [SearchHit(r[0], -float(r[1])) for r in rows]
    found = WORD.findall(query)[:MAX_QUERY_TERMS]
    if not found:
        return 0, []
    # only \w+ words reach the query text, so websearch syntax can come from nothing but "or" here
    words = " or ".join(found) if any_word else " ".join(found)
    tsq = "websearch_to_tsquery('german', :q)" if any_word else "plainto_tsquery('german', :q)"
    args = {"q": words, **params}
    vector = PG_VECTOR_SQL  # unqualified, exactly the indexed expression (columns of d)
    base = f"FROM documents d WHERE {vector} @@ {tsq}{where}"
    total = conn.execute(text(f"SELECT count(*) {base}"), args).scalar()
    rows = conn.execute(
        text(f"SELECT d.id, ts_rank({vector}, {tsq}) AS rank {base} ORDER BY rank DESC, d.id "
             "LIMIT :limit OFFSET :offset"),
        {**args, "limit": limit, "offset": offset},
    ).all()
    return int(total or 0), [SearchHit(r[0], float(r[1])) for r in rows]


def snippet(body: str, query: str, width: int = 180) -> str:
    """A window of the cleaned text around the first word whose stem matches a query stem."""
    wanted = set(stem_words(query))
    start = 0
    if wanted:
        stem = _stemmer().stemWord
        for m in WORD.finditer(body):
            if stem(m.group().lower()) in wanted:
                start = max(0, m.start() - width // 3)
                break
    piece = body[start : start + width]
    return ("…" if start else "") + piece.strip() + ("…" if start + width < len(body) else "")
