"""Imports every module that registers a built-in stage (see lagebild.pipeline)."""
import importlib

STAGE_MODULES = (
    "lagebild.ingest.metadata",  # "metadata"
    "lagebild.clean.rules",  # "clean"
    "lagebild.segment.segmenter",  # "segment"
    "lagebild.understand.entities",  # "entities"
    "lagebild.understand.temporal",  # "times"
    "lagebild.understand.quotes",  # "quotes"
    "lagebild.understand.claims",  # "claims"
)

for _name in STAGE_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a stage still being built must not break the others
        if exc.name != _name:
            raise
