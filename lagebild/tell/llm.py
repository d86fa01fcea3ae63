"""Abstractive summary through any OpenAI-compatible chat endpoint (llama.cpp, vLLM, ...).

The model sees only the best extractive sentences, each with an id, and is asked to write
a short German summary from them. Every sentence it returns is aligned back to source
sentences by lexical overlap (content-word stems, figures, names): a sentence whose words
and figures the sources cover is cited with them; one they do not cover is kept but marked
``supported=False`` with a note, so the editor sees what to check."""
from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from lagebild.document import Document
from lagebild.story import Source, StoryMember, Summary, SummarySentence
from lagebild.tell.summary import Candidate, SummaryOptions, rank, summary_id
from lagebild.tell.text import names, numbers, one_line, stems

SUPPORT_THRESHOLD = 0.6  # share of a sentence's content stems the cited sources must contain
MAX_SOURCES = 3  # sources cited per sentence at most
_SPLIT = re.compile(r"(?<=[.!?])[“\"]?\s+(?=[A-ZÄÖÜ„\"])")
_IDS = re.compile(r"\s*\[(?:S\d+(?:\s*[,;]\s*S?\d+)*)\]\s*")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")

SYSTEM_PROMPT = (
    "Du bist Nachrichtenredakteur. Fasse die folgenden Sätze aus Nachrichtenmeldungen sachlich auf Deutsch "
    "zusammen. Verwende ausschließlich Informationen aus diesen Sätzen, keine eigenen Kenntnisse; übernimm "
    "Zahlen, Namen und Quellenangaben genau. Schreibe höchstens {n} Sätze als Fließtext und setze hinter jeden "
    "Satz in eckigen Klammern die Kennungen der Sätze, auf die er sich stützt, z. B. [S1, S4]."
)


class LLMError(RuntimeError):
    """The endpoint could not be reached or gave no usable answer."""


@dataclass
class Alignment:
    sources: list[Candidate]
    coverage: float  # share of the sentence's content stems found in the cited sources
    missing_numbers: set[str]
    missing_names: set[str]

    @property
    def supported(self) -> bool:
        return bool(self.sources) and self.coverage >= SUPPORT_THRESHOLD and not self.missing_numbers

    def note(self) -> str | None:
        if self.supported:
            return None
        parts = []
        if not self.sources or self.coverage < SUPPORT_THRESHOLD:
            parts.append(f"nur {self.coverage:.0%} der Inhaltswörter in den Quellen")
        if self.missing_numbers:
            parts.append("Zahlen ohne Beleg: " + ", ".join(sorted(self.missing_numbers)))
        if self.missing_names:
            parts.append("Namen ohne Beleg: " + ", ".join(sorted(self.missing_names)))
        return "Kein Quellensatz stützt diesen Satz – bitte prüfen (" + "; ".join(parts) + ")"


def align(sentence: str, pool: list[Candidate]) -> Alignment:
    """Greedy cover of the sentence's content stems by at most MAX_SOURCES pool sentences."""
    want = set(stems(sentence))
    nums = numbers(sentence)
    chosen: list[Candidate] = []
    covered: set[str] = set()
    pool_stems = [set(stems(c.text)) for c in pool]
    for _ in range(MAX_SOURCES):
        gains = [(len((want & ps) - covered), i) for i, ps in enumerate(pool_stems) if pool[i] not in chosen]
        if not gains:
            break
        gain, best = max(gains, key=lambda g: (g[0], -g[1]))
        if gain == 0 or (chosen and gain < 2):
            break
        chosen.append(pool[best])
        covered |= want & pool_stems[best]
    coverage = len(covered) / len(want) if want else 0.0
    src_text = " ".join(c.text for c in chosen)
    return Alignment(sources=chosen, coverage=coverage, missing_numbers=nums - numbers(src_text),
                     missing_names=names(sentence) - set(stems(src_text)) - names(src_text))


def cited_sources(al: Alignment) -> list[Source]:
    """The source spans of an alignment's sentences, each once."""
    return _dedupe([s for c in al.sources for s in c.sources])


def split_sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line or line.startswith("#"):
            continue
        out.extend(s.strip() for s in _SPLIT.split(line) if s.strip())
    return out


def chat_url(base: str) -> str:
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


class LLMSummarizer:
    def __init__(self, url: str, model: str | None = None, *, timeout: float = 120.0, pool_size: int = 12,
                 transport: httpx.BaseTransport | None = None):
        self.url = chat_url(url)
        self.model = model or "default"
        self.timeout = timeout
        self.pool_size = pool_size
        self.transport = transport

    def prompt(self, pool: list[Candidate], n: int) -> list[dict[str, str]]:
        lines = "\n".join(f"[S{i + 1}] {c.text}" for i, c in enumerate(pool))
        return [{"role": "system", "content": SYSTEM_PROMPT.format(n=n)},
                {"role": "user", "content": "Sätze:\n" + lines}]

    def complete(self, messages: list[dict[str, str]]) -> str:
        body = {"model": self.model, "messages": messages, "temperature": 0.0}
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                resp = client.post(self.url, json=body)
                resp.raise_for_status()
                return resp.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, ValueError, TypeError) as exc:
            raise LLMError(f"{self.url}: {type(exc).__name__}: {exc}") from exc

    def summarize(self, docs: list[Document], story_id: str, members: list[StoryMember] | None = None,
                  opts: SummaryOptions | None = None) -> Summary:
        opts = opts or SummaryOptions()
        n = opts.sentences or 5
        pool = [c for c, _ in rank(docs, members, opts)[: self.pool_size]]
        answer = self.complete(self.prompt(pool, n))
        sentences = []
        for raw in split_sentences(answer):
            text = one_line(_IDS.sub(" ", raw)).strip()
            text = re.sub(r"\s+([.,;:!?])", r"\1", text)
            if len(text.split()) < 3:
                continue
            al = align(text, pool)
            sentences.append(SummarySentence(text=text, citations=cited_sources(al), supported=al.supported,
                                             note=al.note()))
        if not sentences:
            raise LLMError(f"{self.url}: the answer held no sentences")
        return Summary(id=summary_id(story_id, 0), story_id=story_id, version=0, status="draft",
                       method=f"llm:{self.model}", sentences=sentences)


def _dedupe(sources: list[Source]) -> list[Source]:
    seen, out = set(), []
    for s in sources:
        if (s.doc_id, s.start) not in seen:
            seen.add((s.doc_id, s.start))
            out.append(s)
    return out
