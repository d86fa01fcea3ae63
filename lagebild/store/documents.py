"""Documents, their index rows (mentions, quotes, claims) and entities.

One ``documents`` row holds the whole pydantic ``Document``: the verbatim bytes,
the decoded and the cleaned text, ``meta`` and every analysis layer as JSON, so
``get`` gives back exactly what was stored. ``mentions``, ``quotes`` and ``claims``
copy the fields that queries filter on (entity, speaker, quantity key) into rows
of their own. Each write is one transaction: a document and its index rows land
together or not at all. SQLAlchemy Core only, so SQLite and PostgreSQL run the same code.
"""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, and_, bindparam, func, inspect, select
from sqlalchemy.exc import IntegrityError

from lagebild.document import Document, DocumentMeta, Entity, Mention
from lagebild.store.db import Database
from lagebild.store.schema import claims, documents, entities, mentions, quotes
from lagebild.understand.inflection import dateline_caps  # light: no model

# Document fields kept in the ``layers`` JSON column (everything the pipeline adds after decoding)
LAYER_FIELDS = ("removed", "segments", "sentences", "mentions", "quotes", "claims", "times", "stages")
MIN_PREFIX = 4  # shortest id prefix ``get`` resolves (shorter ones are too ambiguous to mean anything)
_ITER_BATCH = 200


class DocumentRow(BaseModel):
    """A stored document without its text and layers: what lists and tables show."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    title: str | None = None
    source: str | None = None
    kind: str
    published: datetime | None = None  # naive UTC (see published_column); Document.meta keeps what the source said
    # "minute", or "day"/"month"/"year" for a bare date (stored at 00:00, not a real midnight)
    published_precision: str | None = None
    url: str | None = None
    origin: str
    format: str
    ingested_at: datetime


class EntityMention(BaseModel):
    """One mention of an entity, with the document it occurs in."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None


NEWSROOM_TZ = ZoneInfo("Europe/Berlin")  # what a clock time without offset in a German report means


def utc_naive(value: datetime | None) -> datetime | None:
    """Datetime columns hold naive UTC on both databases; aware values are converted,
    naive ones are taken as they are."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def published_column(meta: DocumentMeta) -> datetime | None:
    """The value of ``documents.published``: naive UTC, so that sorting and filtering compare
    like with like. A clock time without offset ("Stand: 15.10.2025 22:40 Uhr") is German local
    time; a bare date (day precision) stays that date at 00:00 rather than moving to the eve."""
    when = meta.published
    if when is None or when.tzinfo is not None:
        return utc_naive(when)
    if meta.published_precision in ("day", "month", "year"):
        return when
    return utc_naive(when.replace(tzinfo=NEWSROOM_TZ))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


_ROW_COLS = (
    documents.c.id,
    documents.c.name,
    documents.c.title,
    documents.c.source,
    documents.c.kind,
    documents.c.published,
    # read from the stored meta JSON (JSON_EXTRACT / ->>) rather than a column of its own: no migration
    documents.c.meta["published_precision"].as_string().label("published_precision"),
    documents.c.url,
    documents.c.origin,
    documents.c.format,
    documents.c.ingested_at,
)


class DocumentRepo:
    def __init__(self, db: Database):
        self.db = db
        self._has_fts: bool | None = None

    # ------------------------------------------------------------------ writes
    def add(self, doc: Document) -> tuple[str, bool]:
        """Store ``doc`` with its index rows in one transaction.

        Returns ``(id, created)``. A document whose id is already stored is left as it
        is (``created`` False): re-ingesting the same text never rewrites anything.
        """
        try:
            with self.db.begin() as conn:
                if self._exists(conn, doc.id):
                    return doc.id, False
                self.insert(conn, doc)
        except IntegrityError:
            # another writer stored the same id between our check and our insert
            with self.db.connect() as conn:
                if self._exists(conn, doc.id):
                    return doc.id, False
            raise
        return doc.id, True

    def insert(self, conn: Connection, doc: Document) -> None:
        """Insert a new document and its index rows on an open transaction (``add`` without the check)."""
        conn.execute(documents.insert().values(**self._document_values(doc), raw=doc.raw,
                                               original_text=doc.original_text, encoding=doc.encoding,
                                               origin=doc.origin, format=doc.format, ingested_at=_now()))
        self._write_index_rows(conn, doc)

    def update_layers(self, doc: Document) -> None:
        """Replace the cleaned text, meta and analysis layers (and index rows) of a stored document.

        The original bytes, decoded text and ingest time stay as they were. One transaction.
        """
        with self.db.begin() as conn:
            result = conn.execute(documents.update().where(documents.c.id == doc.id).values(**self._document_values(doc)))
            if result.rowcount == 0:
                raise KeyError(f"document {doc.id!r} is not stored")
            for table in (mentions, quotes, claims):
                conn.execute(table.delete().where(table.c.doc_id == doc.id))
            self._write_index_rows(conn, doc)

    def upsert_entities(self, items: Iterable[Entity]) -> int:
        """Insert or update canonical entities (aliases and roles are merged, never dropped)."""
        n = 0
        with self.db.begin() as conn:
            for ent in items:
                self._upsert_entity(conn, ent)
                n += 1
        return n

    # ------------------------------------------------------------------ reads
    def get(self, ref: str) -> Document | None:
        """A stored document by id, by name, or by a unique id prefix (at least 4 characters)."""
        ref = (ref or "").strip()
        if not ref:
            return None
        with self.db.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == ref)).mappings().first()
            if row is None:
                row = conn.execute(
                    select(documents).where(documents.c.name == ref).order_by(documents.c.ingested_at, documents.c.id).limit(1)
                ).mappings().first()
            if row is None and len(ref) >= MIN_PREFIX and all(c in "0123456789abcdef" for c in ref.lower()):
                found = conn.execute(
                    select(documents).where(documents.c.id.startswith(ref.lower(), autoescape=True)).limit(2)
                ).mappings().all()
                row = found[0] if len(found) == 1 else None
        return None if row is None else self._document_from_row(row)

    def exists(self, doc_id: str) -> bool:
        with self.db.connect() as conn:
            return self._exists(conn, doc_id)

    def list(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        source: str | None = None,
        kind: str | None = None,
        entity_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[DocumentRow]:
        """Newest first (publication time, else ingest time). ``since``/``until`` filter on the publication time."""
        query = select(*_ROW_COLS).where(*self._filters(since, until, source, kind, entity_id))
        when = func.coalesce(documents.c.published, documents.c.ingested_at)
        query = query.order_by(when.desc(), documents.c.id).limit(max(0, limit)).offset(max(0, offset))
        with self.db.connect() as conn:
            return [DocumentRow(**dict(r)) for r in conn.execute(query).mappings()]

    def count(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        source: str | None = None,
        kind: str | None = None,
        entity_id: str | None = None,
    ) -> int:
        query = select(func.count()).select_from(documents).where(*self._filters(since, until, source, kind, entity_id))
        with self.db.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def ids(self) -> list[str]:
        """All stored ids, oldest first (publication time, else ingest time)."""
        with self.db.connect() as conn:
            return list(conn.execute(select(documents.c.id).order_by(*self._time_order())).scalars())

    def iter_all(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Stored documents oldest first (publication time, else ingest time), loaded in batches."""
        wanted = self.ids() if ids is None else list(ids)
        for i in range(0, len(wanted), _ITER_BATCH):
            batch = wanted[i : i + _ITER_BATCH]
            with self.db.connect() as conn:
                rows = {r["id"]: r for r in conn.execute(select(documents).where(documents.c.id.in_(batch))).mappings()}
            for doc_id in batch:
                if doc_id in rows:
                    yield self._document_from_row(rows[doc_id])

    def get_entity(self, entity_id: str) -> Entity | None:
        with self.db.connect() as conn:
            row = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
        return None if row is None else Entity(**dict(row))

    def list_entities(self, type: str | None = None, limit: int = 100, offset: int = 0) -> list[Entity]:
        query = select(entities)
        if type:
            query = query.where(entities.c.type == type)
        query = query.order_by(entities.c.id).limit(max(0, limit)).offset(max(0, offset))
        with self.db.connect() as conn:
            return [Entity(**dict(r)) for r in conn.execute(query).mappings()]

    def entity_counts(self, limit: int = 20) -> list[tuple[str, int]]:
        """(entity_id, number of documents mentioning it), most mentioned first."""
        n_docs = func.count(func.distinct(mentions.c.doc_id))
        query = (
            select(mentions.c.entity_id, n_docs)
            .where(mentions.c.entity_id.is_not(None))
            .group_by(mentions.c.entity_id)
            .order_by(n_docs.desc(), mentions.c.entity_id)
            .limit(limit)
        )
        with self.db.connect() as conn:
            return [(r[0], int(r[1])) for r in conn.execute(query)]

    def mentions_of(self, entity_id: str, limit: int = 100, offset: int = 0) -> list[EntityMention]:
        """Mentions of one entity across all documents, in document and text order."""
        query = (
            select(mentions.c.doc_id, mentions.c.start, mentions.c.end, mentions.c.text, mentions.c.label, mentions.c.entity_id)
            .where(mentions.c.entity_id == entity_id)
            .order_by(mentions.c.doc_id, mentions.c.start)
            .limit(max(0, limit))
            .offset(max(0, offset))
        )
        with self.db.connect() as conn:
            return [EntityMention(**dict(r)) for r in conn.execute(query).mappings()]

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _exists(conn: Connection, doc_id: str) -> bool:
        return conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None

    @staticmethod
    def _time_order():
        return (func.coalesce(documents.c.published, documents.c.ingested_at), documents.c.ingested_at, documents.c.id)

    @staticmethod
    def _filters(since, until, source, kind, entity_id) -> list[Any]:
        conds: list[Any] = []
        if since is not None:
            conds.append(documents.c.published >= utc_naive(since))
        if until is not None:
            conds.append(documents.c.published <= utc_naive(until))
        if source:
            conds.append(documents.c.source == source)
        if kind:
            conds.append(documents.c.kind == kind)
        if entity_id:
            conds.append(
                select(mentions.c.id)
                .where(and_(mentions.c.doc_id == documents.c.id, mentions.c.entity_id == entity_id))
                .exists()
            )
        return conds

    @staticmethod
    def _document_values(doc: Document) -> dict[str, Any]:
        meta = doc.meta
        return {
            "id": doc.id,
            "name": doc.name,
            "url": meta.url,
            "source": meta.source,
            "published": published_column(meta),
            "kind": meta.kind,
            "title": meta.title,
            "text": doc.text,
            "meta": meta.model_dump(mode="json"),
            "layers": doc.model_dump(mode="json", include=set(LAYER_FIELDS)),
        }

    def _write_index_rows(self, conn: Connection, doc: Document) -> None:
        if doc.mentions:
            conn.execute(
                mentions.insert(),
                [{"doc_id": doc.id, "entity_id": m.entity_id, "start": m.start, "end": m.end, "text": m.text,
                  "label": m.label} for m in doc.mentions],
            )
        if doc.quotes:
            conn.execute(
                quotes.insert(),
                [{"doc_id": doc.id, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
                  "speaker": q.speaker, "speaker_entity_id": q.speaker_entity_id} for q in doc.quotes],
            )
        if doc.claims:
            conn.execute(
                claims.insert(),
                [{"doc_id": doc.id, "start": c.start, "end": c.end, "text": c.text, "value": c.value,
                  "value_high": c.value_high, "unit": c.unit, "qualifier": c.qualifier, "event": c.event,
                  "source": c.source, "as_of": c.as_of, "key": c.key} for c in doc.claims],
            )
        # entities first seen in this document get a minimal row (name = base form) so that
        # entity lists work before cross-document resolution upserts the canonical entry;
        # an existing row is never touched
        new_entities = [e.model_dump() for e in _entities_from_mentions(doc.mentions)]
        if new_entities:
            conn.execute(_insert_ignoring_existing(conn, entities), new_entities)
            # ... except a place first seen in a capitalised dateline ("MÜNCHEN"), renamed when a
            # report writes it in normal case
            renames = [{"eid": e["id"], "caps": e["name"].upper(), "calm": e["name"]} for e in new_entities
                       if e["type"] == "LOC" and e["name"] != e["name"].upper()]
            if renames:  # one executemany per document
                conn.execute(entities.update().where(entities.c.id == bindparam("eid"), entities.c.name == bindparam("caps"))
                             .values(name=bindparam("calm")), renames)
        if self._fts_available(conn):
            from lagebild.store import search

            search.index_document(conn, doc.id, doc.meta.title, doc.text)

    def _fts_available(self, conn: Connection) -> bool:
        # the SQLite full-text table comes with a later migration (0002_search); index only once it exists
        if conn.dialect.name != "sqlite":
            return False
        if self._has_fts is None:
            self._has_fts = "documents_fts" in inspect(conn).get_table_names()
        return self._has_fts

    @staticmethod
    def _upsert_entity(conn: Connection, ent: Entity) -> None:
        conn.execute(_insert_ignoring_existing(conn, entities), [ent.model_dump()])
        row = conn.execute(select(entities).where(entities.c.id == ent.id)).mappings().one()
        aliases = sorted(set(row["aliases"] or []) | set(ent.aliases))
        roles = sorted(set(row["roles"] or []) | set(ent.roles))
        conn.execute(
            entities.update().where(entities.c.id == ent.id).values(name=ent.name, type=ent.type, aliases=aliases, roles=roles)
        )

    @staticmethod
    def _document_from_row(row) -> Document:
        layers = row["layers"] or {}
        return Document.model_validate(
            {
                "id": row["id"],
                "name": row["name"],
                "origin": row["origin"],
                "format": row["format"],
                "raw": bytes(row["raw"]),
                "encoding": row["encoding"],
                "original_text": row["original_text"],
                "text": row["text"],
                "meta": row["meta"],
                **{k: layers[k] for k in LAYER_FIELDS if k in layers},
            }
        )


def _insert_ignoring_existing(conn: Connection, table):
    """INSERT that skips rows whose primary key exists (two documents may bring the same new
    entity at the same moment; neither may fail because of the other)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(conn.dialect.name)
    return insert(table).on_conflict_do_nothing(index_elements=[c.name for c in table.primary_key.columns])


def _entities_from_mentions(items: Iterable[Mention]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for m in items:
        if m.entity_id and m.entity_id not in seen and m.origin != "title":
            name = m.base or m.text
            seen[m.entity_id] = Entity(id=m.entity_id, name=name.title() if dateline_caps(name, m.label) else name,
                                       type=m.label)
    return list(seen.values())


__all__ = ["DocumentRepo", "DocumentRow", "EntityMention", "published_column", "utc_naive"]
