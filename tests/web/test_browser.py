"""The web UI in a real browser: Debian's chromium driven by Playwright against `lagebild serve`.

With LAGEBILD_SCREENSHOTS=1 a PNG of each page is written to bench/screenshots/."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "bench" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seeded_db):
    """`lagebild serve` in a subprocess on a free loopback port; yields (base URL, editor secret)."""
    url, editor_secret, ids = seeded_db
    port = _free_port()
    env = {**os.environ, "LAGEBILD_DB": url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lagebild.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        first_line = proc.stdout.readline()
        assert f"127.0.0.1:{port}" in first_line, first_line
        for _ in range(200):  # wait until uvicorn answers
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("server did not start")
        yield base, editor_secret, ids
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page():
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        yield pg
        context.close()
        browser.close()


def shot(page, name: str) -> None:
    if os.environ.get("LAGEBILD_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_story_review_publish_flow(server, page):
    base, editor_secret, ids = server
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # story list
    page.goto(base + "/")
    links = page.locator("a.story-link")
    assert links.count() >= 1
    shot(page, "01_story_list")

    # story page with the timeline chart drawn as SVG
    page.goto(base + f"/stories/{ids['story']}")
    svg = page.locator("svg.timeline")
    svg.wait_for()
    assert svg.locator("circle, rect").count() >= 1  # events or publications are drawn
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50
    shot(page, "02_story")

    # a document with highlighted entities / quotes / claims
    page.goto(base + f"/documents/{ids['document']}")
    assert page.locator("#doc-text").inner_text().strip()
    assert page.locator("#doc-text span").count() > 0
    shot(page, "03_document")

    # the review screen: read-only until logged in
    page.goto(base + f"/review/{ids['summary']}")
    assert page.locator("#approve").count() == 0
    assert page.locator("blockquote.cite-span mark").count() >= 1  # cited source spans beside the sentences
    page.click("text=mit einem Editor-Token anmelden")
    page.fill("#token", editor_secret)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/review/{ids['summary']}")
    shot(page, "04_review_draft")

    # approve as editor, then publish
    page.click("#approve")
    page.wait_for_selector("#publish")
    assert page.locator("#summary-status").get_attribute("data-status") == "approved"
    shot(page, "05_review_approved")
    page.click("#publish")
    page.wait_for_selector("#published")
    published = page.locator("#published").inner_text()
    first_sentence = ids["first_sentence"]
    assert first_sentence[:40] in published
    # each published sentence links its sources
    assert page.locator("#published a.cite").count() >= 1
    shot(page, "06_published")

    # a fresh machine draft from the story page goes straight to its review screen
    page.click("#draft")
    page.wait_for_selector("#summary-status[data-status=draft]")
    assert "Version 2" in page.locator("p.ok").inner_text()
    assert page.locator("#approve").count() == 1
    assert not errors, errors


def test_wrong_token_is_refused(server, page):
    base, _, ids = server
    page.goto(base + "/login")
    page.fill("#token", "lgb_not-a-real-token")
    page.click("button[type=submit]")
    assert "Unbekanntes" in page.locator(".error").inner_text()


def test_api_docs_render_without_a_cdn(server, page):
    """/docs draws the OpenAPI from assets served by lagebild itself (no network here)."""
    base, _, _ = server
    external: list[str] = []
    page.on("request", lambda req: external.append(req.url) if not req.url.startswith(base) else None)
    page.goto(base + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() >= 15
    assert page.get_by_text("/api/stories/{story_id}/summaries").count() >= 1
    assert not [u for u in external if not u.startswith("data:")], external
    shot(page, "07_api_docs")


def test_lists_and_search(server, page):
    """The other pages an analyst uses: documents filtered by source, search, entities, quotes."""
    base, _, ids = server
    page.goto(base + "/documents")
    assert page.locator("table.list tbody tr").count() >= 10
    shot(page, "08_documents")
    page.fill("input[name=q]", "Warnstreiks")  # the search box in the header; stemming finds "Warnstreik"
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert page.locator(".hits li").count() >= 1
    shot(page, "09_search")
    page.goto(base + "/entities?type=PER")
    assert page.locator("a.chip, table.list tbody tr").count() >= 3
    shot(page, "10_entities")
    page.goto(base + "/quotes")
    assert page.locator("ul.quotes li").count() >= 3
    shot(page, "11_quotes")
