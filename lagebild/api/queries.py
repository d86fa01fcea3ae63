"""Read-side queries for the API and the web UI: paging and filtering over the stored
tables. Writes never happen here; they go through the repositories and the Engine."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, desc, exists, func, nulls_last, or_, select

from lagebild.store import schema as s

DOC_SUMMARY_COLS = (
    s.documents.c.id,
    s.documents.c.name,
    s.documents.c.title,
    s.documents.c.source,
    s.documents.c.kind,
    s.documents.c.published,
    # day/month/year: ``published`` is a bare date at 00:00, not a real midnight (from the meta JSON)
    s.documents.c.meta["published_precision"].as_string().label("published_precision"),
    s.documents.c.url,
    s.documents.c.ingested_at,
)


def naive_utc(dt: datetime | None) -> datetime | None:
    # the schema stores naive UTC datetimes
    if dt is not None and dt.tzinfo is not None:
        from datetime import timezone

        try:
            dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:  # year 1 or 9999 shifted past the calendar's end
            dt = dt.replace(tzinfo=None)
    return dt


def clean(value: str | None) -> str | None:
    """Query text as the databases accept it (PostgreSQL refuses NUL characters)."""
    if value is None:
        return None
    return value.replace("\x00", "")


def _doc_mentions(doc_id_col, entity: str):
    """The document in ``doc_id_col`` names the entity (a canonical entity id)."""
    return exists().where(s.mentions.c.doc_id == doc_id_col, s.mentions.c.entity_id == clean(entity))


def _report_conds(since: datetime | None, until: datetime | None, source: str | None) -> list:
    """Filters on the report itself, shared by every list: its publishing source and its time
    (publication time, else ingest time) within [since, until]."""
    d = s.documents
    conds = []
    if source:
        conds.append(d.c.source == clean(source))
    when = func.coalesce(d.c.published, d.c.ingested_at)
    if since is not None:
        conds.append(when >= naive_utc(since))
    if until is not None:
        conds.append(when <= naive_utc(until))
    return conds


def _layer_conds(layer, doc_id: str | None, doc_ids: list[str] | None, entity: str | None) -> list:
    """Filters on a layer table (quotes, claims) by the report it comes from."""
    conds = []
    if entity:  # from reports that name the entity
        conds.append(_doc_mentions(layer.c.doc_id, entity))
    if doc_id:
        conds.append(layer.c.doc_id == clean(doc_id))
    if doc_ids is not None:
        conds.append(layer.c.doc_id.in_(doc_ids))
    return conds


def list_documents(
    conn: Connection,
    *,
    limit: int,
    offset: int,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    kind: str | None = None,
    entity: str | None = None,
    ids: list[str] | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    d = s.documents
    conds = _report_conds(since, until, source)
    if kind:
        conds.append(d.c.kind == clean(kind))
    if entity:
        conds.append(_doc_mentions(d.c.id, entity))
    if ids is not None:
        conds.append(d.c.id.in_(ids))
    where = and_(*conds) if conds else None
    count_q = select(func.count()).select_from(d)
    q = select(*DOC_SUMMARY_COLS).order_by(nulls_last(desc(d.c.published)), desc(d.c.ingested_at), d.c.id)
    if where is not None:
        count_q = count_q.where(where)
        q = q.where(where)
    total = conn.execute(count_q).scalar() or 0
    rows = conn.execute(q.limit(limit).offset(offset)).mappings().all()
    return int(total), [dict(r) for r in rows]


def document_row(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(s.documents).where(s.documents.c.id == clean(doc_id))).mappings().first()
    return dict(row) if row else None


def document_summaries(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = conn.execute(select(*DOC_SUMMARY_COLS).where(s.documents.c.id.in_(ids))).mappings().all()
    return {r["id"]: dict(r) for r in rows}


def list_entities(
    conn: Connection, *, limit: int, offset: int, type: str | None = None, q: str | None = None,
    source: str | None = None, since: datetime | None = None, until: datetime | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Entities with their mention counts; with ``source`` / ``since`` / ``until`` only the
    entities named in such reports, counted in those reports alone."""
    e, m, d = s.entities, s.mentions, s.documents
    doc_conds = _report_conds(since, until, source)
    counts = select(
        m.c.entity_id.label("entity_id"),
        func.count().label("mentions"),
        func.count(func.distinct(m.c.doc_id)).label("documents"),
    )
    if doc_conds:
        counts = counts.select_from(m.join(d, d.c.id == m.c.doc_id)).where(*doc_conds)
    counts = counts.where(m.c.entity_id.is_not(None)).group_by(m.c.entity_id).subquery()
    conds = []
    if type:
        conds.append(e.c.type == clean(type))
    if q:
        conds.append(func.lower(e.c.name).contains(clean(q).lower(), autoescape=True))
    # filtered by reports: only entities those reports name (inner join)
    joined = e.join(counts, counts.c.entity_id == e.c.id) if doc_conds else e.outerjoin(counts, counts.c.entity_id == e.c.id)
    base = select(
        e.c.id, e.c.name, e.c.type, e.c.aliases, e.c.roles,
        func.coalesce(counts.c.mentions, 0).label("mentions"),
        func.coalesce(counts.c.documents, 0).label("documents"),
    ).select_from(joined)
    count_q = select(func.count()).select_from(joined)
    if conds:
        base = base.where(*conds)
        count_q = count_q.where(*conds)
    total = conn.execute(count_q).scalar() or 0
    rows = conn.execute(
        base.order_by(desc("mentions"), e.c.name, e.c.id).limit(limit).offset(offset)
    ).mappings().all()
    return int(total), [dict(r) for r in rows]


def entity_row(conn: Connection, entity_id: str) -> dict[str, Any] | None:
    total, rows = 0, conn.execute(select(s.entities).where(s.entities.c.id == clean(entity_id))).mappings().all()
    if not rows:
        return None
    r = dict(rows[0])
    m = s.mentions
    counts = conn.execute(
        select(func.count(), func.count(func.distinct(m.c.doc_id))).where(m.c.entity_id == r["id"])
    ).first()
    r["mentions"], r["documents"] = int(counts[0]), int(counts[1])
    return r


def _page(conn: Connection, source, columns: list, conds: list, order: tuple, limit: int,
          offset: int) -> tuple[int, list[dict[str, Any]]]:
    """One page of rows and the total count for the same conditions (every list endpoint pages)."""
    total = conn.execute(select(func.count()).select_from(source).where(*conds)).scalar() or 0
    rows = conn.execute(
        select(*columns).select_from(source).where(*conds).order_by(*order).limit(limit).offset(offset)
    ).mappings().all()
    return int(total), [dict(r) for r in rows]


def list_quotes(
    conn: Connection,
    *,
    limit: int,
    offset: int,
    speaker: str | None = None,
    doc_id: str | None = None,
    doc_ids: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    entity: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    qt, d = s.quotes, s.documents
    conds = _report_conds(since, until, source) + _layer_conds(qt, doc_id, doc_ids, None)
    if entity:  # quotes said by this entity (not: quotes in reports that name it)
        conds.append(qt.c.speaker_entity_id == clean(entity))
    if speaker:
        sp = clean(speaker)
        conds.append(or_(qt.c.speaker_entity_id == sp, func.lower(qt.c.speaker).contains(sp.lower(), autoescape=True)))
    # the speaker's canonical name: "sie" and "Marquardt" are both Helena Marquardt
    e = s.entities
    j = qt.join(d, d.c.id == qt.c.doc_id).outerjoin(e, e.c.id == qt.c.speaker_entity_id)
    columns = [qt.c.doc_id, qt.c.start, qt.c.end, qt.c.text, qt.c.kind, qt.c.speaker, qt.c.speaker_entity_id,
               e.c.name.label("speaker_name"),
               d.c.published, d.c.source, func.coalesce(d.c.title, d.c.name).label("doc_title")]
    return _page(conn, j, columns, conds, (nulls_last(desc(d.c.published)), qt.c.doc_id, qt.c.start), limit, offset)


def list_claims(
    conn: Connection,
    *,
    limit: int,
    offset: int,
    key: str | None = None,
    unit: str | None = None,
    doc_id: str | None = None,
    doc_ids: list[str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    entity: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    c, d = s.claims, s.documents
    # source: the publishing source of the report (``claims.source`` is who the figure is attributed to)
    conds = _report_conds(since, until, source) + _layer_conds(c, doc_id, doc_ids, entity)
    if key:
        conds.append(c.c.key == clean(key))
    if unit:
        conds.append(c.c.unit == clean(unit))
    j = c.join(d, d.c.id == c.c.doc_id)
    columns = [c.c.doc_id, c.c.start, c.c.end, c.c.text, c.c.value, c.c.value_high, c.c.unit, c.c.qualifier,
               c.c.event, c.c.source, c.c.as_of, c.c.key, d.c.published, d.c.source.label("doc_source")]
    return _page(conn, j, columns, conds, (nulls_last(desc(d.c.published)), c.c.doc_id, c.c.start), limit, offset)


def list_stories(
    conn: Connection,
    *,
    limit: int,
    offset: int,
    sort: str = "recent",
    since: datetime | None = None,
    until: datetime | None = None,
    min_size: int = 0,
    source: str | None = None,
    entity: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    st, sm = s.stories, s.story_members
    conds = []
    if source:  # stories with at least one report from this source
        conds.append(exists().where(sm.c.story_id == st.c.id, sm.c.doc_id == s.documents.c.id,
                                    s.documents.c.source == clean(source)))
    if entity:  # stories with at least one report naming the entity
        conds.append(exists().where(sm.c.story_id == st.c.id, s.mentions.c.doc_id == sm.c.doc_id,
                                    s.mentions.c.entity_id == clean(entity)))
    if since is not None:
        conds.append(st.c.last_time >= naive_utc(since))
    if until is not None:
        conds.append(st.c.first_time <= naive_utc(until))
    if min_size:
        conds.append(st.c.size >= min_size)
    order = (
        (desc(st.c.size), nulls_last(desc(st.c.last_time)), st.c.id)
        if sort == "size"
        else (nulls_last(desc(st.c.last_time)), desc(st.c.size), st.c.id)
    )
    return _page(conn, st, [st.c.id, st.c.label, st.c.size, st.c.first_time, st.c.last_time], conds, order,
                 limit, offset)


def headlines(conn: Connection, story_ids: list[str]) -> dict[str, str]:
    """The title of each story's newest titled report (a readable line beside its keyword label)."""
    if not story_ids:
        return {}
    sm, d = s.story_members, s.documents
    rank = func.row_number().over(
        partition_by=sm.c.story_id, order_by=(nulls_last(desc(d.c.published)), d.c.id)
    ).label("rank")
    ranked = (
        select(sm.c.story_id, d.c.title, rank)
        .select_from(sm.join(d, d.c.id == sm.c.doc_id))
        .where(sm.c.story_id.in_(story_ids), d.c.title.is_not(None), d.c.title != "")
        .subquery()
    )
    rows = conn.execute(select(ranked.c.story_id, ranked.c.title).where(ranked.c.rank == 1)).all()
    return {r[0]: r[1] for r in rows}


def story_row(conn: Connection, story_id: str) -> dict[str, Any] | None:
    st = s.stories
    row = conn.execute(
        select(st.c.id, st.c.label, st.c.size, st.c.first_time, st.c.last_time).where(st.c.id == clean(story_id))
    ).mappings().first()
    return dict(row) if row else None


def story_state(conn: Connection, story_id: str) -> tuple | None:
    """What a story page shows changes with: its size and last report, its summary versions and
    their statuses, its publications. None when there is no such story."""
    row = story_row(conn, story_id)
    if row is None:
        return None
    sm, pub = s.summaries, s.publications
    versions = tuple(conn.execute(select(sm.c.id, sm.c.status).where(sm.c.story_id == row["id"])
                                  .order_by(sm.c.version)).all())
    published = conn.execute(select(func.count()).select_from(pub).where(pub.c.story_id == row["id"])).scalar()
    return (row["id"], row["size"], row["last_time"], versions, published)


def sources(conn: Connection) -> list[str]:
    d = s.documents
    return [r[0] for r in conn.execute(select(d.c.source).where(d.c.source.is_not(None)).distinct().order_by(d.c.source))]


def entities_in(conn: Connection, doc_ids: list[str], limit: int = 40) -> list[dict[str, Any]]:
    """The most mentioned entities of a set of documents."""
    if not doc_ids:
        return []
    e, m = s.entities, s.mentions
    rows = conn.execute(
        select(e.c.id, e.c.name, e.c.type, func.count().label("n"))
        .select_from(m.join(e, e.c.id == m.c.entity_id))
        .where(m.c.doc_id.in_(doc_ids))
        .group_by(e.c.id, e.c.name, e.c.type)
        .order_by(func.count().desc(), e.c.name)
        .limit(limit)
    ).mappings().all()
    return [dict(r) for r in rows]
