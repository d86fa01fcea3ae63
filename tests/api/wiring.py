"""Puts the test corpus into storage through the real repositories (no SQL of our own)."""
from __future__ import annotations

from lagebild.document import Document, Entity


def add_document(store, doc: Document, entities: list[Entity] = ()) -> None:
    store.documents.add(doc)
    if entities:
        store.documents.upsert_entities(entities)


def add_documents(store, docs: list[Document]) -> None:
    for doc in docs:
        store.documents.add(doc)


def story_and_draft(store, docs: list[Document]) -> tuple[str | None, str | None]:
    return None, None
