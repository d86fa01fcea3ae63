"""Story times in UTC; a member's report time apart from the time it joined the story.

Before: ``story_members.assigned_at`` held the report's time, or the clustering time when the
report had none (an undated report seemed to have been published when it was clustered), and
story and member times were naive *local* times in tables otherwise holding naive UTC.
After: ``assigned_at`` is only when the member joined the story; ``report_time`` (new, nullable)
is the report's own time or NULL; ``first_time``/``last_time``/``report_time`` are naive UTC like
``documents.published`` (a local midnight, a report dated by day, stays 00:00 unshifted).

Existing rows: a member of a report without a publication time gets NULL (its old value was
the clustering time); other members take their old value as a local time. Frozen copies of
the conversion rules (migrations never import live modules).

Revision ID: 0003_story_times
Revises: 0002_search
"""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0003_story_times"
down_revision = "0002_search"
branch_labels = None
depends_on = None

LOCAL = ZoneInfo("Europe/Berlin")


def _midnight(value: datetime) -> bool:
    return (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)


def _to_utc(value: datetime | None) -> datetime | None:
    if value is None or _midnight(value):
        return value
    try:
        return value.replace(tzinfo=LOCAL).astimezone(timezone.utc).replace(tzinfo=None)
    except OverflowError:
        return value


def _to_local(value: datetime | None) -> datetime | None:
    if value is None or _midnight(value):
        return value
    try:
        return value.replace(tzinfo=timezone.utc).astimezone(LOCAL).replace(tzinfo=None)
    except OverflowError:
        return value


_stories = sa.table("stories", sa.column("id", sa.String), sa.column("first_time", sa.DateTime),
                    sa.column("last_time", sa.DateTime))
_members = sa.table("story_members", sa.column("doc_id", sa.String), sa.column("segment", sa.Integer),
                    sa.column("assigned_at", sa.DateTime), sa.column("report_time", sa.DateTime))
_documents = sa.table("documents", sa.column("id", sa.String), sa.column("published", sa.DateTime))


def _convert_stories(bind, convert) -> None:
    for sid, first, last in bind.execute(sa.select(_stories.c.id, _stories.c.first_time, _stories.c.last_time)).all():
        bind.execute(sa.update(_stories).where(_stories.c.id == sid)
                     .values(first_time=convert(first), last_time=convert(last)))


def upgrade() -> None:
    with op.batch_alter_table("story_members") as batch:
        batch.add_column(sa.Column("report_time", sa.DateTime, nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_members.c.doc_id, _members.c.segment, _members.c.assigned_at, _documents.c.published)
        .select_from(_members.outerjoin(_documents, _documents.c.id == _members.c.doc_id))
    ).all()
    for doc_id, segment, assigned, published in rows:
        report = None if published is None else _to_utc(assigned)
        bind.execute(sa.update(_members).where(_members.c.doc_id == doc_id, _members.c.segment == segment)
                     .values(report_time=report))
    _convert_stories(bind, _to_utc)


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_members.c.doc_id, _members.c.segment, _members.c.report_time)
                        .where(_members.c.report_time.is_not(None))).all()
    for doc_id, segment, report in rows:
        bind.execute(sa.update(_members).where(_members.c.doc_id == doc_id, _members.c.segment == segment)
                     .values(assigned_at=_to_local(report)))
    _convert_stories(bind, _to_local)
    with op.batch_alter_table("story_members") as batch:
        batch.drop_column("report_time")
