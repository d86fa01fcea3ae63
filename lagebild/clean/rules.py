"""Stage "clean": cut boilerplate by declarative rules, record every cut.

The rules live in ``lagebild/data/cleaning_rules.yaml`` (format documented there)
plus the files in ``Settings.cleaning_rules``. The cleaned ``text`` is
``original_text`` with exactly the ``removed`` spans cut out, nothing else, so
``to_text_offset`` maps any original offset to the cleaned text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

import yaml

from lagebild.config import DATA_DIR, Settings
from lagebild.document import Document, Removed
from lagebild.pipeline import register_stage

BUNDLED_RULES = DATA_DIR / "cleaning_rules.yaml"
Scope = Literal["line", "sentence", "leading", "trailing"]
SCOPES = ("line", "sentence", "leading", "trailing")


@dataclass(frozen=True)
class CleaningRule:
    id: str
    regexes: tuple[re.Pattern, ...]
    scope: Scope
    description: str = ""
    kinds: tuple[str, ...] = ()  # only for documents of these kinds (meta.kind); empty = all
    requires: re.Pattern | None = None  # cheap pre-check: the rule runs only on texts where this occurs

    def spans(self, text: str) -> Iterable[tuple[int, int]]:
        if self.requires is not None and not self.requires.search(text):
            return
        for regex in self.regexes:
            for match in regex.finditer(text):
                if match.end() > match.start():
                    yield match.start(), match.end()


class RuleFileError(ValueError):
    pass


def load_rules(extra_files: Iterable[Path] = ()) -> list[CleaningRule]:
    """Bundled rules, then each extra file: same id replaces, ``enabled: false`` removes."""
    rules: dict[str, CleaningRule] = {}
    for path in [BUNDLED_RULES, *extra_files]:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise RuleFileError(f"{path}: cannot read cleaning rules: {exc}") from exc
        for number, spec in enumerate(data.get("rules") or [], start=1):
            where = f"{path}: rule {number}"
            if not isinstance(spec, dict) or not spec.get("id"):
                raise RuleFileError(f"{where}: needs an 'id'")
            rule_id = str(spec["id"])
            if spec.get("enabled") is False:
                rules.pop(rule_id, None)
                continue
            rules[rule_id] = _compile(spec, rule_id, where)
    return list(rules.values())


def _compile(spec: dict, rule_id: str, where: str) -> CleaningRule:
    scope = spec.get("scope", "line")
    if scope not in SCOPES:
        raise RuleFileError(f"{where} ({rule_id}): scope must be one of {SCOPES}")
    if "line" in spec:
        lines = spec["line"] if isinstance(spec["line"], list) else [spec["line"]]
        patterns = [re.escape(str(line).strip()) for line in lines]
        scope = "line"
    elif "pattern" in spec:
        patterns = spec["pattern"] if isinstance(spec["pattern"], list) else [spec["pattern"]]
    else:
        raise RuleFileError(f"{where} ({rule_id}): needs 'pattern' or 'line'")
    flags = re.MULTILINE | (re.IGNORECASE if spec.get("ignore_case") else 0)
    regexes = []
    for pattern in patterns:
        try:
            regexes.append(re.compile(_anchor(str(pattern), scope), flags))
        except re.error as exc:
            raise RuleFileError(f"{where} ({rule_id}): bad pattern: {exc}") from exc
    kinds = spec.get("kinds") or ()
    kinds = (kinds,) if isinstance(kinds, str) else tuple(str(k) for k in kinds)
    requires = None
    if spec.get("requires"):
        try:
            requires = re.compile(str(spec["requires"]), flags)
        except re.error as exc:
            raise RuleFileError(f"{where} ({rule_id}): bad 'requires' pattern: {exc}") from exc
    return CleaningRule(rule_id, tuple(regexes), scope, str(spec.get("description", "")), kinds, requires)


def _anchor(pattern: str, scope: str) -> str:
    if scope == "line":  # the whole line, its newline and the blank lines after it
        return rf"^[ \t\u00a0]*(?:{pattern})[ \t\u00a0]*(?:\n[ \t\u00a0]*)*(?:\n|\Z)"
    if scope == "sentence":
        return rf"(?:{pattern})[ \t\u00a0]*"
    if scope == "leading":
        return rf"\A\s*(?:{pattern})[ \t\u00a0]*"
    return rf"\s*(?:{pattern})\s*\Z"  # trailing


def find_removals(text: str, rules: list[CleaningRule], kind: str | None = None) -> list[Removed]:
    """Spans to cut, earlier rules first; a span overlapping an accepted one is skipped."""
    accepted: list[tuple[int, int, str]] = []
    for rule in rules:
        if rule.kinds and kind not in rule.kinds:
            continue
        for start, end in rule.spans(text):
            if any(start < a_end and a_start < end for a_start, a_end, _ in accepted):
                continue
            accepted.append((start, end, rule.id))
    accepted.sort()
    accepted = _swallow_emptied_lines(text, accepted)
    return [Removed(text=text[s:e], reason=reason, start=s, end=e) for s, e, reason in accepted]


def _swallow_emptied_lines(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A sentence cut that leaves only blanks on its line takes the line's newline too."""
    out: list[tuple[int, int, str]] = []
    for index, (start, end, reason) in enumerate(spans):
        line_start = text.rfind("\n", 0, start) + 1
        before = [(s, e) for s, e, _ in out if e > line_start]
        if _only_blank_outside(text, line_start, start, before):
            nxt = spans[index + 1][0] if index + 1 < len(spans) else len(text)
            match = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)*(?:\n|\Z)").match(text, end)
            if match and match.end() <= nxt and match.end() > end:
                end = match.end()
        out.append((start, end, reason))
    return out


def _only_blank_outside(text: str, lo: int, hi: int, cut: list[tuple[int, int]]) -> bool:
    pos = lo
    for s, e in sorted(cut):
        if text[pos:max(pos, s)].strip():
            return False
        pos = max(pos, e)
    return not text[pos:hi].strip()


def apply_removals(text: str, removed: list[Removed]) -> str:
    parts, pos = [], 0
    for r in sorted(removed, key=lambda r: r.start):
        parts.append(text[pos:r.start])
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


def to_text_offset(original_offset: int, removed: list[Removed]) -> int:
    """Map an offset into ``original_text`` to the cleaned ``text``.

    An offset inside a removed span maps to where that span was cut.
    """
    shift = 0
    for r in sorted(removed, key=lambda r: r.start):
        if r.start >= original_offset:
            break
        shift += min(r.end, original_offset) - r.start
    return original_offset - shift


class OffsetMap:
    """Fast repeated ``to_text_offset`` for one document."""

    def __init__(self, removed: list[Removed]):
        spans = sorted((r.start, r.end) for r in removed)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.cumulative = [0]
        for s, e in spans:
            self.cumulative.append(self.cumulative[-1] + e - s)

    def __call__(self, original_offset: int) -> int:
        i = bisect.bisect_left(self.starts, original_offset)
        shift = self.cumulative[i]
        if i > 0 and self.ends[i - 1] > original_offset:  # inside span i-1
            shift -= self.ends[i - 1] - original_offset
        return original_offset - shift


@register_stage("clean", reads=("original_text", "meta"), writes=("text", "removed"))
class CleanStage:
    def __init__(self, settings: Settings):
        self.rules = load_rules(settings.cleaning_rules)

    def __call__(self, doc: Document) -> Document:
        removed = find_removals(doc.original_text, self.rules, doc.meta.kind)
        return doc.model_copy(update={"text": apply_removals(doc.original_text, removed), "removed": removed})
