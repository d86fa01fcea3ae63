"""The abstractive backend against a tiny OpenAI-compatible server on 127.0.0.1 (real HTTP)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from lagebild.tell.llm import LLMError, LLMSummarizer, align, chat_url
from lagebild.tell.summary import SummaryOptions, rank
from tests.tell.corpus import documents

ANSWER = (
    "An der Oder bei Frankfurt ist in der Nacht zum Montag ein Deich auf 40 Metern gebrochen [S1].\n"
    "Die Zahl der Menschen in Notunterkünften stieg nach Angaben des Landkreises auf 1.800 [S2, S3]. "
    "Ministerpräsident Dietmar Woidke kündigte 50 Millionen Euro Soforthilfe an [S4]."
)


class FakeChat(BaseHTTPRequestHandler):
    requests: list[dict] = []
    answer = ANSWER
    status = 200

    def do_POST(self):  # noqa: N802 (http.server naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeChat.requests.append({"path": self.path, "body": body})
        payload = {"id": "x", "object": "chat.completion",
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": FakeChat.answer},
                                "finish_reason": "stop"}]}
        data = json.dumps(payload).encode()
        self.send_response(FakeChat.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), FakeChat)
    FakeChat.requests, FakeChat.answer, FakeChat.status = [], ANSWER, 200
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_sentences_aligned_and_unsupported_flagged(server):
    docs = documents()
    summary = LLMSummarizer(server, "tiny", timeout=10).summarize(docs, "st-oder", opts=SummaryOptions(sentences=3))
    [req] = FakeChat.requests
    assert req["path"] == "/v1/chat/completions" and req["body"]["model"] == "tiny"
    user = req["body"]["messages"][-1]["content"]
    assert "[S1] " in user and "1.800" in user
    assert summary.method == "llm:tiny" and len(summary.sentences) == 3
    breach, shelter, invented = summary.sentences
    assert "[S" not in breach.text and breach.text.endswith("gebrochen.")
    by_id = {d.id: d for d in docs}
    for s in (breach, shelter):
        assert s.supported and s.note is None and s.citations
        for c in s.citations:
            assert by_id[c.doc_id].text[c.start:c.end] == c.text
    assert any("1.800" in c.text for c in shelter.citations)
    assert not invented.supported
    assert "50" in invented.note and "bitte prüfen" in invented.note


def test_changed_figure_is_unsupported():
    pool = [c for c, _ in rank(documents())]
    ok = align("Nach Angaben des Landkreises mussten rund 1.200 Menschen ihre Häuser verlassen.", pool)
    wrong = align("Nach Angaben des Landkreises mussten rund 12.000 Menschen ihre Häuser verlassen.", pool)
    assert ok.supported and not wrong.supported and wrong.missing_numbers == {"12000"}


def test_endpoint_errors_are_clear(server):
    FakeChat.status = 500
    with pytest.raises(LLMError, match="500"):
        LLMSummarizer(server, timeout=10).summarize(documents(), "x")
    with pytest.raises(LLMError):
        LLMSummarizer("http://127.0.0.1:9", timeout=2).summarize(documents(), "x")


def test_chat_url_forms():
    assert chat_url("http://h:8080") == "http://h:8080/v1/chat/completions"
    assert chat_url("http://h:8080/v1/") == "http://h:8080/v1/chat/completions"
    assert chat_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"
