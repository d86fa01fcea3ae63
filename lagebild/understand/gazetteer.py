"""The curated gazetteer (lagebild/data/gazetteer.yaml + countries.yaml + user files).

Loaded once per stage. Surface forms are indexed with their derived inflected and
spelling variants, so lookups are plain dict hits on the text of a token n-gram.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lagebild.config import DATA_DIR
from lagebild.understand.inflection import S_SOUNDS

MAX_NGRAM = 7


def slugify(name: str) -> str:
    """ASCII slug for stable ids: "Wladimir Putin" -> "wladimir-putin", "Pjöngjang" -> "pjoengjang"."""
    name = name.replace("ß", "ss")
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        name = name.replace(src, dst)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def entity_id(label: str, name: str) -> str:
    return f"{label.lower()}:{slugify(name)}"


@dataclass
class GazEntry:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    surname: str | None = None
    ambiguous: bool = False
    roles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    entry: GazEntry
    kind: str  # "name" | "surname" | "role"
    base: str  # the listed (uninflected) form that matched


def _genitive(form: str) -> list[str]:
    words = form.split(" ")
    last = words[-1]
    if not last[:1].isupper() and not last[:1].isdigit():
        return []  # "russische Präsident" etc. are listed with their endings already
    head = " ".join(words[:-1])
    head = head + " " if head else ""
    if last.endswith(S_SOUNDS):
        return [f"{head}{last}'", f"{head}{last}’", f"{head}{last}es"]
    return [f"{head}{last}s", f"{head}{last}'s", f"{head}{last}’s"]


def _hyphen_variants(form: str) -> list[str]:
    """"Kreml-Sprecher" <-> "Kremlsprecher" (German writes both)."""
    out = []
    if re.search(r"\w-[A-ZÄÖÜ]", form):
        out.append(re.sub(r"(\w)-([A-ZÄÖÜ])", lambda m: m.group(1) + m.group(2).lower(), form))
    return out


def surface_variants(form: str) -> list[str]:
    forms = [form, *_hyphen_variants(form)]
    out: list[str] = []
    for f in forms:
        out.append(f)
        out.extend(_genitive(f))
    return out


class Gazetteer:
    def __init__(self, entries: list[GazEntry], given_names: set[str]):
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self.given_names = given_names
        self.names: dict[str, list[Hit]] = {}  # surface (incl. inflection) -> hits
        self.roles: dict[str, list[Hit]] = {}
        self.bases: set[str] = set()  # uninflected forms, for inflection.base_name
        self.prefixes: set[str] = set()  # first 3 characters of every surface: a cheap pre-filter
        for e in entries:
            for form in [e.name, *e.aliases]:
                self._add(self.names, form, Hit(e, "name", form))
            if e.type == "PER":
                surname = e.surname or (e.name.split(" ")[-1] if " " in e.name else None)
                if surname:
                    self._add(self.names, surname, Hit(e, "surname", surname))
            for role in e.roles:
                self._add(self.roles, role, Hit(e, "role", role))

    def _add(self, index: dict[str, list[Hit]], form: str, hit: Hit) -> None:
        self.bases.add(form)
        for variant in surface_variants(form):
            self.prefixes.add(variant[:3])
            hits = index.setdefault(variant, [])
            if all(h.entry.id != hit.entry.id for h in hits):
                hits.append(hit)
        for variant in _hyphen_variants(form):
            self.bases.add(variant)

    def lookup(self, surface: str) -> list[Hit]:
        return self.names.get(surface, [])

    def lookup_role(self, surface: str) -> list[Hit]:
        return self.roles.get(surface, [])

    def is_known_base(self, form: str) -> bool:
        return form in self.bases

    def surname_fallback(self, surname: str) -> GazEntry | None:
        """The entry a bare surname resolves to when the document names nobody with it in full."""
        for hit in self.names.get(surname, []):
            if hit.kind in ("surname", "name") and hit.entry.type == "PER":
                return hit.entry
        return None

    @classmethod
    def load(cls, extra: list[Path] | None = None, curated: bool = True) -> "Gazetteer":
        """Bundled countries + curated actors + ``extra`` files (``curated=False``: countries only, for ablations)."""
        files = [DATA_DIR / "countries.yaml", *([DATA_DIR / "gazetteer.yaml"] if curated else []), *(extra or [])]
        merged: dict[str, GazEntry] = {}
        given: set[str] = set()
        for path in files:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            given.update(data.get("given_names", []) or [])
            for row in data.get("entities", []) or []:
                eid = entity_id(row["type"], row["name"])
                entry = merged.get(eid)
                if entry is None:
                    entry = merged[eid] = GazEntry(id=eid, name=row["name"], type=row["type"])
                for alias in row.get("aliases", []) or []:
                    if alias not in entry.aliases and alias != entry.name:
                        entry.aliases.append(alias)
                for role in row.get("roles", []) or []:
                    if role not in entry.roles:
                        entry.roles.append(role)
                if row.get("surname"):
                    entry.surname = row["surname"]
                entry.ambiguous = entry.ambiguous or bool(row.get("ambiguous", False))
        return cls(list(merged.values()), given)
