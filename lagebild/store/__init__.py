"""Storage: a thin layer around the pipeline. Stages never import this package.

``Store`` bundles one repository per concern; each repository takes the
``Database`` and speaks SQLAlchemy Core against ``lagebild.store.schema``.
"""
from __future__ import annotations

from functools import cached_property

from lagebild.store.db import Database


class Store:
    def __init__(self, url: str, migrate: bool = True):
        self.db = Database(url)
        if migrate:
            self.db.migrate()

    @cached_property
    def documents(self):
        from lagebild.store.documents import DocumentRepo

        return DocumentRepo(self.db)

    @cached_property
    def stories(self):
        from lagebild.store.stories import StoryRepo

        return StoryRepo(self.db)

    @cached_property
    def reviews(self):
        from lagebild.store.reviews import ReviewRepo

        return ReviewRepo(self.db)

    @cached_property
    def tokens(self):
        from lagebild.store.tokens import TokenRepo

        return TokenRepo(self.db)

    def close(self) -> None:
        self.db.dispose()
