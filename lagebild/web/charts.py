"""Server-rendered SVG charts (no JavaScript library): the story timeline and the claim board.

Every function returns a self-contained ``<svg>`` string; text is XML-escaped here."""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

# colour-blind-friendly palette (Okabe–Ito plus two darker tones)
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7a5195", "#3d6b35", "#000000"]


UNKNOWN_COLOUR = "#8a919e"
EDGE_DAYS = 14.0  # events this close to the reporting period stay on the axis


def colour_for(name: str | None) -> str:
    if not name:
        return UNKNOWN_COLOUR
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def parse_iso(value: str | None) -> date | None:
    """'2025-09-03', '2025-09', '2025' (or a datetime string) -> the first day it names."""
    if not value:
        return None
    value = value.strip()
    try:
        if len(value) == 4:
            return date(int(value), 1, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day(d: date | datetime) -> float:
    if isinstance(d, datetime):
        return d.toordinal() + (d.hour * 3600 + d.minute * 60 + d.second) / 86400
    return float(d.toordinal())


def _ticks(lo: float, hi: float, max_ticks: int = 6) -> list[tuple[float, str]]:
    """Readable date ticks between two ordinal days."""
    span = max(hi - lo, 1.0)
    if span <= 3:
        step, fmt = 1, "%d.%m."
    elif span <= 60:
        step = max(1, math.ceil(span / max_ticks)); fmt = "%d.%m."
    elif span <= 800:
        step = 0; fmt = "%m/%Y"
    else:
        step = -1; fmt = "%Y"
    out: list[tuple[float, str]] = []
    start = date.fromordinal(int(math.ceil(lo)))
    if step > 0:
        d = start
        while d.toordinal() <= hi:
            out.append((d.toordinal(), d.strftime(fmt)))
            d += timedelta(days=step)
    else:
        months = 1 if step == 0 else 12
        total_months = max(1, round(span / 30.4))
        months = max(months, math.ceil(total_months / max_ticks / months) * months)
        d = date(start.year, start.month if step == 0 else 1, 1)
        while d.toordinal() <= hi:
            if d.toordinal() >= lo:
                out.append((d.toordinal(), d.strftime(fmt)))
            m = d.month - 1 + months
            d = date(d.year + m // 12, m % 12 + 1, 1)
    return out[: max_ticks * 2]


@dataclass
class Point:
    when: date | datetime
    label: str
    colour: str = "#0072B2"
    href: str | None = None


def colour_map(names) -> dict[str, str]:
    """Distinct colours for the sources of one page (hash colours may collide); unknown is grey."""
    out, i = {}, 0
    for name in sorted({n for n in names if n}):
        out[name] = PALETTE[i % len(PALETTE)]
        i += 1
    return out


MAX_STACK = 6  # event dots stacked on one date before the rest become "+k"


def timeline_svg(events: list[Point], documents: list[Point], width: int = 900) -> str:
    """Events (numbered dots, stacked upwards where they share a date) above a lane of
    document publications (ticks), on one time axis."""
    items = [p for p in events + documents if p.when is not None]
    if not items:
        return ('<svg class="chart timeline" role="img" aria-label="no dated events" viewBox="0 0 %d 40" width="100%%">'
                '<text x="10" y="25" class="muted">Noch keine datierten Ereignisse.</text></svg>' % width)
    # the axis spans the reporting period (plus events close to it); events mentioned far before
    # or after ("bis 2028") sit in an "earlier" / "later" bin at the edges instead of squashing it
    if documents:
        dlo, dhi = min(_day(p.when) for p in documents), max(_day(p.when) for p in documents)
        reach = max(EDGE_DAYS, (dhi - dlo) * 0.5)
        near = [_day(p.when) for p in events if dlo - reach <= _day(p.when) <= dhi + reach]
        lo, hi = min([dlo, *near]), max([dhi, *near])
    else:
        lo, hi = min(_day(p.when) for p in items), max(_day(p.when) for p in items)
    pad = max((hi - lo) * 0.04, 0.5)
    lo, hi = lo - pad, hi + pad
    earlier = any(_day(p.when) < lo for p in events)
    later = any(_day(p.when) > hi for p in events)
    left, right = 80 + (46 if earlier else 0), width - 20 - (46 if later else 0)

    def x(d) -> float:
        v = _day(d)
        if v < lo:
            return left - 30
        if v > hi:
            return right + 30
        return left + (right - left) * (v - lo) / (hi - lo)

    # stack dots that would overlap: each dot takes the lowest free level at its x
    levels: list[int] = []
    placed: list[tuple[float, int]] = []
    for p in events:
        px = x(p.when)
        taken = {lv for qx, lv in placed if abs(qx - px) < 18}
        level = next(i for i in range(len(events) + 1) if i not in taken)
        placed.append((px, level))
        levels.append(level)
    # a busy day would stack dozens of dots: the top level of a column says "+k" for the rest
    # (the numbered list below the chart has them all)
    overflow: dict[int, list[int]] = {}  # index of the event whose dot becomes "+k" -> hidden events
    anchors = [i for i, (_, lv) in enumerate(placed) if lv == MAX_STACK - 1]
    for i, (px, lv) in enumerate(placed):
        if lv >= MAX_STACK - 1:
            anchor = min(anchors, key=lambda a: abs(placed[a][0] - px))
            overflow.setdefault(anchor, []).append(i)
    step = 19
    top = 14 + step * min(max(levels, default=0), MAX_STACK - 1)
    ev_y = top + 10
    doc_y = ev_y + 38
    axis_y = doc_y + 20
    height = axis_y + 26
    out = [f'<svg class="chart timeline" role="img" aria-label="Zeitleiste: {len(events)} Ereignisse, '
           f'{len(documents)} Berichte" viewBox="0 0 {width} {height}" width="100%">']
    if earlier:
        out.append(f'<text x="{left - 30}" y="{axis_y + 18}" class="tick" text-anchor="middle">früher</text>')
        out.append(f'<line x1="{left - 8}" y1="8" x2="{left - 8}" y2="{axis_y}" class="edge"/>')
    if later:
        out.append(f'<text x="{right + 30}" y="{axis_y + 18}" class="tick" text-anchor="middle">später</text>')
        out.append(f'<line x1="{right + 8}" y1="8" x2="{right + 8}" y2="{axis_y}" class="edge"/>')
    out.append(f'<text x="6" y="{ev_y + 4}" class="lane">Ereignisse</text>')
    out.append(f'<text x="6" y="{doc_y + 4}" class="lane">Berichte</text>')
    out.append(f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" class="axis"/>')
    for pos, text in _ticks(lo, hi):
        px = x(date.fromordinal(int(pos)))
        out.append(f'<line x1="{px:.1f}" y1="8" x2="{px:.1f}" y2="{axis_y}" class="grid"/>')
        out.append(f'<line x1="{px:.1f}" y1="{axis_y}" x2="{px:.1f}" y2="{axis_y + 5}" class="axis"/>')
        out.append(f'<text x="{px:.1f}" y="{axis_y + 18}" class="tick" text-anchor="middle">{escape(text)}</text>')
    for i, (p, (px, level)) in enumerate(zip(events, placed), start=1):
        py = ev_y - level * step
        hidden = overflow.get(i - 1, [])
        if len(hidden) > 1:
            label = "; ".join(f"{k + 1}. {events[k].label}" for k in hidden[:12]) + (" …" if len(hidden) > 12 else "")
            out.append(f'<g class="event more"><title>{escape(label)}</title><rect x="{px - 13:.1f}" y="{py - 8.5}" '
                       f'width="26" height="17" rx="8.5" fill="#5b6b82"/><text x="{px:.1f}" y="{py + 3.5}" '
                       f'class="num" text-anchor="middle">+{len(hidden)}</text></g>')
            continue
        if level >= MAX_STACK - 1 and not hidden:
            continue  # counted in its column's "+k"
        dot = (f'<g class="event"><title>{escape(p.label)}</title><circle cx="{px:.1f}" cy="{py}" r="8.5" '
               f'fill="{p.colour}"/><text x="{px:.1f}" y="{py + 3.5}" class="num" text-anchor="middle">{i}</text></g>')
        out.append(f'<a href="{escape(p.href)}">{dot}</a>' if p.href else dot)
    for p in documents:
        px = x(p.when)
        tick = (f'<g class="doc"><title>{escape(p.label)}</title>'
                f'<rect x="{px - 2.5:.1f}" y="{doc_y - 10}" width="5" height="20" rx="1.5" fill="{p.colour}"/></g>')
        out.append(f'<a href="{escape(p.href)}">{tick}</a>' if p.href else tick)
    out.append("</svg>")
    return "".join(out)


@dataclass
class Reading:
    when: date | datetime
    value: float
    value_high: float | None
    source: str
    label: str
    kind: str = "first"  # first | update | consistent | contradiction
    href: str | None = None


def _fmt(v: float) -> str:
    """German number style, compact for large values: 12.000, 780 Mio., 1,8 Mrd."""
    for size, unit in ((1e9, "Mrd."), (1e6, "Mio.")):
        if abs(v) >= size:
            return f"{v / size:.3g}".replace(".", ",") + " " + unit
    if abs(v) >= 1000:
        return f"{v:,.0f}".replace(",", ".")
    return f"{v:g}".replace(".", ",")


VALUE_CHAR_W = 6.2  # rough advance of one character of the value labels (11px sans)


def _label_box(text: str, px: float, py: float, width: int) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a value label right of its point, or left of it near the right edge."""
    w = VALUE_CHAR_W * len(text)
    x0 = px + 8 if px + 8 + w <= width - 2 else px - 8 - w
    return (x0, py - 18, x0 + w, py - 5)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def claim_chart_svg(readings: list[Reading], width: int = 420, height: int = 170,
                    colours: dict[str, str] | None = None) -> str:
    """One quantity: its reported values over time, one colour per source; ranges as bars;
    contradictions ringed in red."""
    pts = [r for r in readings if r.when is not None]
    if not pts:
        return '<svg class="chart" viewBox="0 0 420 30" width="100%"><text x="5" y="20" class="muted">ohne Datum</text></svg>'
    values = [r.value for r in pts] + [r.value_high for r in pts if r.value_high is not None]
    vlo, vhi = min(values + [0.0]), max(values)
    if vhi == vlo:
        vhi = vlo + 1
    vhi *= 1.12
    tlo, thi = min(_day(r.when) for r in pts), max(_day(r.when) for r in pts)
    pad = max((thi - tlo) * 0.08, 1.0)
    tlo, thi = tlo - pad, thi + pad
    left, right, top, bottom = 62, width - 12, 12, height - 26
    x = lambda d: left + (right - left) * (_day(d) - tlo) / (thi - tlo)  # noqa: E731
    y = lambda v: bottom - (bottom - top) * (v - vlo) / (vhi - vlo)  # noqa: E731
    out = [f'<svg class="chart claims" role="img" aria-label="reported values over time" '
           f'viewBox="0 0 {width} {height}" width="100%">']
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" class="axis"/>')
    for frac in (0.0, 0.5, 1.0):
        v = vlo + (vhi / 1.12 - vlo) * frac
        py = y(v)
        out.append(f'<line x1="{left}" y1="{py:.1f}" x2="{right}" y2="{py:.1f}" class="grid"/>')
        out.append(f'<text x="{left - 5}" y="{py + 4:.1f}" class="tick" text-anchor="end">{_fmt(v)}</text>')
    for pos, text in _ticks(tlo, thi, max_ticks=4):
        px = x(date.fromordinal(int(pos)))
        out.append(f'<text x="{px:.1f}" y="{bottom + 17}" class="tick" text-anchor="middle">{escape(text)}</text>')
    ordered = sorted(pts, key=lambda r: _day(r.when))
    if len(ordered) > 1:
        path = " ".join(f"{x(r.when):.1f},{y(r.value):.1f}" for r in ordered)
        out.append(f'<polyline points="{path}" class="trend"/>')
    placed: list[tuple[float, float, float, float]] = []  # value label boxes drawn so far
    for r in ordered:
        px, py = x(r.when), y(r.value)
        c = (colours or {}).get(r.source) or colour_for(r.source)
        title = escape(f"{r.label} — {r.source} ({r.kind})")
        g = [f'<g class="reading {escape(r.kind)}"><title>{title}</title>']
        if r.value_high is not None and r.value_high != r.value:
            g.append(f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{px:.1f}" y2="{y(r.value_high):.1f}" '
                     f'stroke="{c}" stroke-width="4" stroke-linecap="round" opacity="0.6"/>')
        if r.kind == "contradiction":
            g.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" class="contradiction-ring"/>')
        g.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5.5" fill="{c}"/>')
        text = _fmt(r.value) + ("–" + _fmt(r.value_high) if r.value_high not in (None, r.value) else "")
        box = _label_box(text, px, py, width)
        # a label that would cover another is left out (the point's tooltip and the list below say it)
        if not any(_overlap(box, other) for other in placed):
            placed.append(box)
            g.append(f'<text x="{box[0]:.1f}" y="{py - 7:.1f}" class="value">{escape(text)}</text>')
        g.append("</g>")
        body = "".join(g)
        out.append(f'<a href="{escape(r.href)}">{body}</a>' if r.href else body)
    out.append("</svg>")
    return "".join(out)
