"""Stories, their members, duplicate links and claim groups (tables in schema.py)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import delete, desc, func, insert, or_, select, update

from lagebild.store.db import Database
from lagebild.store.documents import NEWSROOM_TZ
from lagebild.store.schema import claim_groups, duplicates, stories, story_members
from lagebild.story import ClaimGroup, DuplicateLink, Story, StoryMember, TimelineEvent


def _naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def story_time_to_db(value: datetime | None) -> datetime | None:
    """A story or member time as stored: naive UTC, like ``documents.published``.

    The clusterer's times are naive wall-clock times of the newsroom zone (Document.meta.published);
    aware values are converted as they are. Local midnight is a report dated by day only
    (published_column keeps bare dates at 00:00 too): it stays that date, unshifted, so that
    a story's time and its day-precision report read the same on the wire."""
    if value is None:
        return None
    if value.tzinfo is not None:
        return _naive(value)
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value
    try:
        return _naive(value.replace(tzinfo=NEWSROOM_TZ))
    except OverflowError:  # datetime.min/max: a bound, not a time
        return value


def story_time_from_db(value: datetime | None) -> datetime | None:
    """The stored naive UTC time back in the clusterer's convention (naive local time);
    00:00 is a bare date (see story_time_to_db) and stays as it is."""
    if value is None or (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value
    try:
        return value.replace(tzinfo=timezone.utc).astimezone(NEWSROOM_TZ).replace(tzinfo=None)
    except OverflowError:
        return value


def _member(m) -> StoryMember:
    return StoryMember(doc_id=m["doc_id"], segment=m["segment"], score=m["score"],
                       time=story_time_from_db(m["report_time"]), assigned_at=m["assigned_at"])


class StoryRepo:
    """Stories with their members. Story objects keep the clusterer's convention (times in naive
    local time); the tables hold naive UTC (see story_time_to_db), so SQL filters compare them
    with documents.published and the API's UTC bounds directly."""

    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ stories
    def save(self, story: Story, state: dict | None = None) -> None:
        """Insert or replace a story with its members (one transaction). A member keeps the
        time it first joined the story (``assigned_at``) when the story is saved again."""
        values = {"label": story.label, "first_time": story_time_to_db(story.first_time),
                  "last_time": story_time_to_db(story.last_time), "size": len(story.members), "state": state or {}}
        now = _now()
        with self.db.begin() as conn:
            exists = conn.execute(select(stories.c.id).where(stories.c.id == story.id)).first() is not None
            if exists:
                conn.execute(update(stories).where(stories.c.id == story.id).values(**values))
            else:
                conn.execute(insert(stories).values(id=story.id, created_at=now, **values))
            joined = {(r[0], r[1]): r[2] for r in conn.execute(
                select(story_members.c.doc_id, story_members.c.segment, story_members.c.assigned_at)
                .where(story_members.c.story_id == story.id))}
            conn.execute(delete(story_members).where(story_members.c.story_id == story.id))
            if story.members:
                conn.execute(insert(story_members), [
                    {"story_id": story.id, "doc_id": m.doc_id, "segment": m.segment, "score": m.score,
                     "report_time": story_time_to_db(m.time),
                     "assigned_at": joined.get((m.doc_id, m.segment)) or _naive(m.assigned_at) or now}
                    for m in story.members])

    def _members_query(self):
        # report time order; reports without a time last, in the order they arrived
        return (select(story_members)
                .order_by(story_members.c.report_time.is_(None), story_members.c.report_time,
                          story_members.c.assigned_at, story_members.c.doc_id, story_members.c.segment))

    def get(self, story_id: str) -> Story | None:
        with self.db.connect() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).mappings().first()
            if row is None:
                return None
            members = conn.execute(self._members_query().where(story_members.c.story_id == story_id)).mappings().all()
        return Story(id=row["id"], label=row["label"], first_time=story_time_from_db(row["first_time"]),
                     last_time=story_time_from_db(row["last_time"]), members=[_member(m) for m in members])

    def list(self, limit: int = 50, offset: int = 0) -> list[Story]:
        """Newest first (last report time), with members."""
        q = (select(stories.c.id, stories.c.label, stories.c.first_time, stories.c.last_time)
             .order_by(desc(func.coalesce(stories.c.last_time, stories.c.created_at)), stories.c.id)
             .limit(limit).offset(offset))
        with self.db.connect() as conn:
            rows = [dict(r) for r in conn.execute(q).mappings()]
            ids = [r["id"] for r in rows]
            members: dict[str, list[StoryMember]] = {i: [] for i in ids}
            if ids:
                for m in conn.execute(self._members_query().where(story_members.c.story_id.in_(ids))).mappings():
                    members[m["story_id"]].append(_member(m))
        return [Story(id=r["id"], label=r["label"], first_time=story_time_from_db(r["first_time"]),
                      last_time=story_time_from_db(r["last_time"]), members=members[r["id"]]) for r in rows]

    def count(self) -> int:
        with self.db.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(stories)).scalar_one())

    def states(self, since: datetime | None = None) -> list[dict]:
        """Clustering states of stories whose last report is at or after ``since`` (all if None)."""
        q = select(stories.c.state)
        if since is not None:
            q = q.where(stories.c.last_time >= story_time_to_db(since))
        with self.db.connect() as conn:
            return [r[0] for r in conn.execute(q) if r[0]]

    def member_keys(self) -> set[tuple[str, int]]:
        with self.db.connect() as conn:
            return {(r[0], r[1]) for r in conn.execute(select(story_members.c.doc_id, story_members.c.segment))}

    def stories_of(self, doc_id: str) -> list[str]:
        with self.db.connect() as conn:
            return sorted({r[0] for r in conn.execute(
                select(story_members.c.story_id).where(story_members.c.doc_id == doc_id))})

    # ------------------------------------------------------------------ duplicates
    def add_duplicates(self, links: Iterable[DuplicateLink]) -> int:
        n = 0
        with self.db.begin() as conn:
            for link in links:
                found = conn.execute(select(duplicates.c.id).where(
                    duplicates.c.level == link.level, duplicates.c.a_doc == link.a_doc,
                    duplicates.c.b_doc == link.b_doc,
                    duplicates.c.a_start.is_(None) if link.a_start is None else duplicates.c.a_start == link.a_start,
                    duplicates.c.b_start.is_(None) if link.b_start is None else duplicates.c.b_start == link.b_start,
                )).first()
                if found is None:
                    conn.execute(insert(duplicates).values(**link.model_dump()))
                    n += 1
        return n

    def duplicates(self, doc_ids: Iterable[str]) -> list[DuplicateLink]:
        ids = list(doc_ids)
        if not ids:
            return []
        q = (select(duplicates.c.level, duplicates.c.a_doc, duplicates.c.b_doc, duplicates.c.score,
                    duplicates.c.a_start, duplicates.c.a_end, duplicates.c.b_start, duplicates.c.b_end)
             .where(or_(duplicates.c.a_doc.in_(ids), duplicates.c.b_doc.in_(ids)))
             .order_by(desc(duplicates.c.score)))
        with self.db.connect() as conn:
            return [DuplicateLink(**dict(r)) for r in conn.execute(q).mappings()]

    # ------------------------------------------------------------------ claim groups
    def save_claim_groups(self, story_id: str, groups: Iterable[ClaimGroup]) -> None:
        """Replace the story's claim groups."""
        with self.db.begin() as conn:
            conn.execute(delete(claim_groups).where(claim_groups.c.story_id == story_id))
            rows = [{"id": g.id, "story_id": story_id, "key": g.key, "label": g.label,
                     "data": g.model_dump(mode="json"), "updated_at": _now()} for g in groups]
            if rows:
                conn.execute(insert(claim_groups), rows)

    def claim_groups(self, story_id: str) -> list[ClaimGroup]:
        with self.db.connect() as conn:
            rows = conn.execute(select(claim_groups.c.data).where(claim_groups.c.story_id == story_id)
                                .order_by(claim_groups.c.key)).all()
        return [ClaimGroup.model_validate(r[0]) for r in rows]

    # ------------------------------------------------------------------ timeline
    def timeline(self, story_id: str) -> list[TimelineEvent]:
        """Computed from the stored member documents (cheap; always current)."""
        from lagebild.connect.timeline import build_timeline
        from lagebild.store.documents import DocumentRepo

        story = self.get(story_id)
        if story is None:
            raise KeyError(story_id)
        repo = DocumentRepo(self.db)
        ids = list(dict.fromkeys(m.doc_id for m in story.members))
        return build_timeline(list(repo.iter_all(ids)))
