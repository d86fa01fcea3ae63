"""The SVG charts stay readable on busy stories (no browser needed)."""
from __future__ import annotations

import re
from datetime import date

from lagebild.web.charts import MAX_STACK, Point, Reading, claim_chart_svg, timeline_svg


def test_a_busy_day_stacks_a_few_dots_then_says_how_many_more():
    busy = [Point(when=date(2025, 10, 15), label=f"Ereignis {i}") for i in range(20)]
    calm = [Point(when=date(2025, 10, 18), label="später")]
    svg = timeline_svg(busy + calm, [Point(when=date(2025, 10, 16), label="Bericht")])
    shown = re.findall(r'class="num" text-anchor="middle">(\+?\d+)</text>', svg)
    assert shown == [str(i) for i in range(1, MAX_STACK)] + [f"+{20 - MAX_STACK + 1}", "21"]
    height = int(re.search(r'viewBox="0 0 900 (\d+)"', svg).group(1))
    assert height < 14 + 19 * MAX_STACK + 120  # not 20 dots tall
    # the marker's tooltip names the hidden events (the first dozen)
    assert "6. Ereignis 5; 7. Ereignis 6" in svg and "17. Ereignis 16 …" in svg


def test_claim_value_labels_do_not_overprint():
    day = date(2025, 10, 30)
    readings = [Reading(when=day, value=141e6, value_high=None, source="A", label="141 Mio."),
                Reading(when=day, value=160e6, value_high=None, source="B", label="160 Mio."),
                Reading(when=date(2025, 10, 20), value=1.8e9, value_high=None, source="A", label="1,8 Mrd.")]
    svg = claim_chart_svg(readings)
    labels = re.findall(r'class="value">([^<]+)</text>', svg)
    # 141 and 160 million on the same day sit too close for two labels: one is left to its tooltip
    assert len(labels) == 2 and "1,8 Mrd." in labels
    assert svg.count("<circle") == 3  # every reading is still drawn
