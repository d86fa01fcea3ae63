"""Pipeline stages, declared like spaCy factories.

A stage is a callable ``Document -> Document`` that declares which fields it
reads and writes. It returns a new document (``model_copy``) and never mutates
its input. Heavy resources are loaded once, when the stage is constructed.
Stages know nothing of storage, the CLI or the web.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Protocol, runtime_checkable

from lagebild.config import Settings
from lagebild.document import Document


@runtime_checkable
class Stage(Protocol):
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class StageInfo:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    factory: Callable[[Settings], Stage]


STAGES: dict[str, StageInfo] = {}


def register_stage(name: str, reads: Iterable[str], writes: Iterable[str]):
    """Class/factory decorator: ``@register_stage("clean", reads=("original_text",), writes=("text", "removed"))``.

    The decorated object is called with the Settings and must return a Stage.
    """

    def deco(factory):
        info = StageInfo(name, tuple(reads), tuple(writes), factory)
        STAGES[name] = info
        if isinstance(factory, type):
            factory.name = name
            factory.reads = info.reads
            factory.writes = info.writes
        return factory

    return deco


class Pipeline:
    """Runs stages in order; checks that each stage's inputs were written before."""

    BASE_FIELDS = ("raw", "original_text", "meta", "name", "origin", "format")

    def __init__(self, stages: list[Stage]):
        available = set(self.BASE_FIELDS)
        for st in stages:
            missing = [r for r in st.reads if r not in available]
            if missing:
                raise ValueError(f"stage {st.name!r} reads {missing}, which no earlier stage writes")
            available.update(st.writes)
        self.stages = stages

    @classmethod
    def from_names(cls, names: Iterable[str], settings: Settings) -> "Pipeline":
        import lagebild.stages  # noqa: F401  (registers the built-in stages)

        return cls([STAGES[n].factory(settings) for n in names])

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            doc = st(doc)
            doc = doc.model_copy(update={"stages": [*doc.stages, st.name]})
        return doc
