"""Entity resolution: mentions -> canonical entities with stable ids.

Within a document (``resolve_mentions``, used by the "entities" stage):
- gazetteer names/aliases resolve to the gazetteer entry ("Kim Jong-un" -> per:kim-jong-un);
- other multi-word person names get the id of their own slug ("per:mykola-kalaschnik");
- a bare surname ("Putin", "Kim", "Choe") resolves to the person with that surname (first
  or last name word) mentioned in full most recently before it, else to the most
  frequently named such person later in the text, else to the gazetteer's entry for
  that surname, else to its own slug. Two full names that share a surname ("Kim Jong Un",
  "Kim Yong Hyun") are never merged: they have different ids;
- role titles (mentions with origin "title"): a title written right before a person
  ("Kremlchef Putin", "Präsident Selenskyj") names that person and binds the title to them
  for the rest of the document, so "der Kremlchef"/"der Präsident" later resolve to them;
  an unbound listed role ("Nordkoreas Machthaber") resolves to its gazetteer entry; other
  unbound titles ("ein Sprecher") are dropped.

Across documents (``EntityResolver``): gazetteer and full-name ids are already global; a
surname-only person ("Miller" with no full name in its document) joins the one known full
name with that surname, and stays apart when there are several (no evidence).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from lagebild.document import Document, Entity, Mention
from lagebild.understand.gazetteer import Gazetteer, entity_id
from lagebild.understand.inflection import dateline_caps
from lagebild.understand.ner import title_base

_DEFINITE_BEFORE = re.compile(r"(?<!\w)(?:der|die|des|dem|den)\s+$", re.IGNORECASE)


_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,6}$")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w[:1].isupper())


def _words(base: str) -> list[str]:
    return base.split()


def _is_full_name(m: Mention) -> bool:
    return m.label == "PER" and m.origin != "title" and len(_words(m.base)) >= 2


def title_key(text: str) -> str | None:
    """Normalised title for binding: "Kreml-Sprecher" / "Kremlsprechers" -> "kremlsprecher"."""
    words = text.split()
    if not words:
        return None
    base = title_base(words[-1])
    if base is None:
        return None
    prefix = " ".join(w.lower() for w in words[:-1])
    return f"{prefix} {base}".strip()


def title_before(text: str, start: int) -> str | None:
    """The title word written directly before a person mention ("Kremlchef" in "Kremlchef Putin")."""
    window = text[max(0, start - 60) : start]
    m = re.search(r"([A-ZÄÖÜ][\w\-]*)\s+$", window)
    if m and title_base(m.group(1)):
        return m.group(1)
    return None


def _gazetteer_id(m: Mention, gaz: Gazetteer, kinds=("name",)) -> str | None:
    for form in (m.text, m.base):
        for hit in gaz.lookup(form):
            if hit.kind in kinds and hit.entry.type == m.label:
                return hit.entry.id
    return None


def _display_name(bases: Counter, etype: str, old: str | None = None) -> str:
    """The entity's name: the fullest, most frequent base form, preferring a form in normal
    case over a dateline in capitals, which is title-cased when it is all the text gives."""
    forms = Counter(bases)
    if old:
        forms.setdefault(old, 0)  # the name it had stays a candidate
    calm = [b for b in forms if not dateline_caps(b, etype)]
    best = max(calm or forms, key=lambda b: (len(b.split()), forms[b], len(b)))
    return best.title() if dateline_caps(best, etype) else best


def resolve_mentions(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Set ``entity_id`` on every mention of one document; unresolvable role mentions are dropped."""
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    ids: list[str | None] = [None] * len(mentions)
    # 1. names: gazetteer names and full person names
    for k, m in enumerate(mentions):
        if m.origin == "title":
            continue
        gid = _gazetteer_id(m, gaz)
        if gid:
            ids[k] = gid
        elif _is_full_name(m):
            ids[k] = entity_id("PER", m.base)
        elif m.label != "PER":
            ids[k] = entity_id(m.label, m.base)
    # acronyms of organisations named in full in the same text ("SOZ" after "Shanghaier
    # Organisation für Zusammenarbeit"): the initials of the capitalised words
    long_forms = {_initials(m.base): ids[k] for k, m in enumerate(mentions) if m.label == "ORG" and ids[k] and len(_words(m.base)) >= 2}
    for k, m in enumerate(mentions):
        if m.label == "ORG" and _ACRONYM.match(m.text) and ids[k] == entity_id("ORG", m.base) and m.text in long_forms:
            ids[k] = long_forms[m.text]
    full = [(k, mentions[k]) for k in range(len(mentions)) if ids[k] and mentions[k].label == "PER" and mentions[k].origin != "title"]
    full_words = {}
    for k, m in full:
        entry = gaz.by_id.get(ids[k])
        words = set(_words(m.base))
        if entry is not None:
            words |= set(_words(entry.name))
            if entry.surname:
                words.add(entry.surname)
        full_words[k] = words
    salience = Counter(ids[k] for k, _ in full)
    # 2. bare surnames, in text order (context = full names seen so far)
    for k, m in enumerate(mentions):
        if ids[k] or m.origin == "title" or m.label != "PER":
            continue
        surname = m.base
        before = [j for j, _ in full if j < k and surname in full_words.get(j, ()) and len(_words(mentions[j].base)) >= 2]
        after = [j for j, _ in full if j > k and surname in full_words.get(j, ()) and len(_words(mentions[j].base)) >= 2]
        if before:
            ids[k] = ids[before[-1]]
        elif after:
            ids[k] = max((ids[j] for j in after), key=lambda i: salience[i])
        else:
            entry = gaz.surname_fallback(surname) or gaz.surname_fallback(m.text)
            ids[k] = entry.id if entry else entity_id("PER", surname)
    # 3. roles: bind titles written before persons, then resolve role mentions in order
    bindings: dict[str, str] = {}
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    out: list[Mention] = []
    role_spans = [(m.start, m.end) for m in mentions if m.origin == "title"]
    for k in order:
        m = mentions[k]
        if m.origin == "title":
            nxt = next((j for j in order if mentions[j].start >= m.end and mentions[j].label == "PER"
                        and mentions[j].origin != "title" and ids[j]), None)
            if nxt is not None and not text[m.end : mentions[nxt].start].strip():
                # "Kremlchef Putin": the title names the person right after it
                out.append(m.model_copy(update={"entity_id": ids[nxt], "label": "PER"}))
                continue
            key = title_key(m.text)
            listed = [h for h in gaz.lookup_role(m.text) if h.entry.type == "PER"]
            # a generic title names a bound person only with the definite article:
            # "der Präsident" does, "ein Sprecher" does not
            definite = bool(_DEFINITE_BEFORE.search(text[max(0, m.start - 12) : m.start]))
            rid = bindings.get(key) if key and (definite or listed) else None
            if rid is None and listed:
                rid = listed[0].entry.id
            if rid is None:
                continue
            out.append(m.model_copy(update={"entity_id": rid, "label": "PER"}))
            continue
        if m.label == "PER" and ids[k]:
            # the title (or listed role) written right before the name binds to this person
            for rs, re_ in role_spans:
                if re_ <= m.start and not text[re_ : m.start].strip():
                    key = title_key(text[rs:re_])
                    if key:
                        bindings[key] = ids[k]
            t = title_before(text, m.start)
            if t:
                bindings[title_key(t)] = ids[k]  # type: ignore[index]
        out.append(m.model_copy(update={"entity_id": ids[k]}))
    return sorted(out, key=lambda m: (m.start, m.end))


class EntityResolver:
    """Cross-document resolution with a registry of canonical entities kept between calls."""

    def __init__(self, gazetteer: Gazetteer | None = None, known: Iterable[Entity] = ()):
        self.gazetteer = gazetteer or Gazetteer.load()
        self.registry: dict[str, Entity] = {e.id: e for e in known}

    def _full_names_by_word(self, docs: list[Document]) -> dict[str, set[str]]:
        index: dict[str, set[str]] = defaultdict(set)
        for e in self.registry.values():
            if e.type == "PER" and len(e.name.split()) >= 2:
                for w in e.name.split():
                    index[w].add(e.id)
        for d in docs:
            for m in d.mentions:
                if m.entity_id and _is_full_name(m):
                    for w in _words(m.base):
                        index[w].add(m.entity_id)
        return index

    def resolve(self, docs: list[Document]) -> tuple[list[Document], list[Entity]]:
        gaz = self.gazetteer
        docs = [
            d if all(m.entity_id for m in d.mentions) else d.model_copy(update={"mentions": resolve_mentions(d.text, d.mentions, gaz)})
            for d in docs
        ]
        by_word = self._full_names_by_word(docs)
        remap: dict[str, str] = {}
        for d in docs:
            for m in d.mentions:
                eid = m.entity_id
                if not eid or m.label != "PER" or eid in gaz.by_id or len(_words(m.base)) != 1 or m.origin == "title":
                    continue
                if entity_id("PER", m.base) != eid:
                    continue  # already resolved to a full name in its document
                targets = by_word.get(m.base, set()) - {eid}
                if len(targets) == 1:
                    remap[eid] = next(iter(targets))
        out_docs = []
        touched: dict[str, dict] = {}
        for d in docs:
            mentions = []
            for m in d.mentions:
                if m.entity_id in remap:
                    m = m.model_copy(update={"entity_id": remap[m.entity_id]})
                mentions.append(m)
                if not m.entity_id:
                    continue
                info = touched.setdefault(m.entity_id, {"type": m.label, "forms": Counter(), "bases": Counter(), "roles": set()})
                if m.origin == "title":
                    info["roles"].add(m.text)
                else:
                    info["forms"][m.text] += 1
                    info["bases"][m.base] += 1
                    t = title_before(d.text, m.start)
                    if t and m.label == "PER":
                        info["roles"].add(t)
            out_docs.append(d.model_copy(update={"mentions": mentions}))
        entities = []
        for eid, info in touched.items():
            entry = gaz.by_id.get(eid)
            old = self.registry.get(eid)
            if entry is not None:
                name, etype = entry.name, entry.type
            elif old is not None and not dateline_caps(old.name, old.type):
                name, etype = old.name, old.type
            else:
                bases = info["bases"] or info["forms"] or Counter([eid.split(":", 1)[1]])
                etype = old.type if old is not None else info["type"]
                name = _display_name(bases, etype, old.name if old is not None else None)
            aliases = set(old.aliases if old else []) | set(info["forms"]) | set(info["bases"])
            aliases.discard(name)
            roles = set(old.roles if old else []) | info["roles"]
            if entry is not None:
                roles |= set(entry.roles)
            ent = Entity(id=eid, name=name, type=etype, aliases=sorted(aliases), roles=sorted(roles))
            self.registry[eid] = ent
            entities.append(ent)
        return out_docs, sorted(entities, key=lambda e: e.id)

    @property
    def entities(self) -> list[Entity]:
        return sorted(self.registry.values(), key=lambda e: e.id)
