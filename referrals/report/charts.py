"""Charts drawn on the server as inline SVG: no script, nothing the admin's CSP refuses.

Every mark is drawn in `currentColor` (the page's text colour, which high-contrast and
forced-colours modes replace), and series are told apart by pattern (solid, hatched, dotted)
and by labels, never by colour alone. Each chart is an image for assistive technology
(role="img", labelled by the heading and summary the page gives it); the table under it
carries the numbers.
"""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 720
FONT = 13
PATTERNS = ("solid", "hatched", "dotted")
MARKERS = ("circle", "square", "diamond")
DASHES = ("", "6 4", "2 3")


def _number(value):
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def nice_step(value, count=4):
    """A round step (1, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten; a whole number) such
    that `count` steps reach `value`."""
    if not value or value <= 0:
        return 1
    rough = value / count
    magnitude = 10 ** math.floor(math.log10(rough))
    for step in (1, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * magnitude
        if candidate >= rough and (candidate >= 1 and float(candidate).is_integer()):
            return candidate
    return max(1, 10 * magnitude)


def nice_top(value, count=4):
    """The top of an axis of `count` round steps at or above `value` (at least `count`)."""
    return nice_step(value, count) * count


def _ticks(top, count=4):
    step = top / count
    return [step * i for i in range(count + 1)]


def _defs(chart_id):
    """The fill patterns, drawn in currentColor, with ids unique to this chart."""
    return (
        "<defs>"
        f'<pattern id="{chart_id}-hatched" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="2.5"/>'
        "</pattern>"
        f'<pattern id="{chart_id}-dotted" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<circle cx="3" cy="3" r="1.5" fill="currentColor"/>'
        "</pattern>"
        "</defs>"
    )


def _fill(chart_id, index):
    pattern = PATTERNS[index % len(PATTERNS)]
    return "currentColor" if pattern == "solid" else f"url(#{chart_id}-{pattern})"


def _svg(chart_id, height, body, labelled_by):
    return mark_safe(  # noqa: S308 - every value in `body` is escaped or a number we made
        f'<svg class="vig-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(labelled_by)}" '
        f'font-size="{FONT}" fill="currentColor" stroke="none">'
        f"{_defs(escape(chart_id))}{body}</svg>"
    )


def _text(x, y, text, anchor="start", **attrs):
    extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _legend(chart_id, names, y, kind="box"):
    """Swatches with names, left to right."""
    parts, x = [], 60
    for index, name in enumerate(names):
        if kind == "box":
            parts.append(
                f'<rect x="{x}" y="{y - 11}" width="14" height="14" '
                f'fill="{_fill(chart_id, index)}" stroke="currentColor"/>'
            )
        else:
            parts.append(_line_swatch(x, y - 4, index))
        parts.append(_text(x + 20, y, name))
        x += 44 + len(name) * 7.5
    return "".join(parts)


def _line_swatch(x, y, index):
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x}" y1="{y}" x2="{x + 16}" y2="{y}" stroke="currentColor" '
        f'stroke-width="2"{dash_attr}/>' + _marker(x + 8, y, index)
    )


def _marker(x, y, index):
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>'
    return (
        f'<path d="M{x:.1f} {y - 4.5:.1f} L{x + 4.5:.1f} {y:.1f} L{x:.1f} {y + 4.5:.1f} '
        f'L{x - 4.5:.1f} {y:.1f} Z"/>'
    )


def _y_axis(left, right, top, bottom, axis_top, unit=""):
    parts = []
    for tick in _ticks(axis_top):
        y = bottom - (bottom - top) * tick / axis_top
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="currentColor" '
            f'stroke-opacity="0.25"/>'
        )
        parts.append(_text(left - 6, y + 4, _number(tick) + unit, "end"))
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="currentColor"/>'
    )
    return "".join(parts)


def _x_labels(labels, left, slot, bottom):
    every = max(1, math.ceil(len(labels) / 12))
    return "".join(
        _text(left + slot * (index + 0.5), bottom + 16, label, "middle")
        for index, label in enumerate(labels)
        if index % every == 0
    )


def stacked_bars(chart_id, labelled_by, labels, series):
    """Vertical bars, one per label, stacked from `series`: [(name, [value per label])].

    The total is written above each bar."""
    height, top, bottom, left, right = 300, 40, 260, 56, WIDTH - 10
    totals = [sum(values[i] or 0 for _, values in series) for i in range(len(labels))]
    axis_top = nice_top(max(totals, default=0))
    slot = (right - left) / max(len(labels), 1)
    bar = min(slot * 0.6, 48)
    parts = [
        _legend(chart_id, [name for name, _ in series], 18),
        _y_axis(left, right, top, bottom, axis_top),
    ]
    for index in range(len(labels)):
        x = left + slot * index + (slot - bar) / 2
        y = bottom
        for number, (_, values) in enumerate(series):
            value = values[index] or 0
            if not value:
                continue
            h = (bottom - top) * value / axis_top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{_fill(chart_id, number)}" stroke="currentColor"/>'
            )
        if totals[index]:
            parts.append(_text(x + bar / 2, y - 4, _number(totals[index]), "middle"))
    parts.append(_x_labels(labels, left, slot, bottom))
    return _svg(chart_id, height, "".join(parts), labelled_by)


def lines(chart_id, labelled_by, labels, series, reference=None, unit=""):
    """A line per series over `labels` (gaps where a value is None), each with its own dash and
    marker; `reference`: (value, text) drawn as a dotted horizontal line, such as a promise."""
    height, top, bottom, left, right = 300, 40, 260, 56, WIDTH - 10
    values = [v for _, vs in series for v in vs if v is not None]
    if reference:
        values.append(reference[0])
    axis_top = nice_top(max(values, default=0) * 1.05)
    slot = (right - left) / max(len(labels), 1)
    parts = [
        _legend(chart_id, [name for name, _ in series], 18, kind="line"),
        _y_axis(left, right, top, bottom, axis_top, unit),
    ]

    def point(index, value):
        return left + slot * (index + 0.5), bottom - (bottom - top) * value / axis_top

    if reference:
        _, y = point(0, reference[0])
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="currentColor" '
            'stroke-width="2" stroke-dasharray="1 4" stroke-linecap="round"/>'
        )
        parts.append(_text(right - 4, y - 6, reference[1], "end", font_weight="bold"))
    for number, (_, vs) in enumerate(series):
        dash = DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment = []
        for index, value in enumerate([*vs, None]):
            if value is not None:
                segment.append(point(index, value))
                continue
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="currentColor" '
                    f'stroke-width="2"{dash_attr}/>'
                )
            segment = []
        for index, value in enumerate(vs):
            if value is not None:
                parts.append(_marker(*point(index, value), number))
    parts.append(_x_labels(labels, left, slot, bottom))
    return _svg(chart_id, height, "".join(parts), labelled_by)


def horizontal_bars(chart_id, labelled_by, rows, unit=""):
    """One bar per row: [(label, value or None, text)]; `text` is written at the bar's end
    (a row whose value is None, such as a suppressed group, gets its text and no bar)."""
    row_height, top, left, right = 28, 10, 250, WIDTH - 90
    height = top + row_height * max(len(rows), 1) + 10
    axis_top = nice_top(max((v for _, v, _ in rows if v is not None), default=0))
    parts = []
    for index, (label, value, text) in enumerate(rows):
        y = top + row_height * index
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(_text(left - 8, y + 18, shown, "end"))
        width = 0 if value is None else (right - left) * value / axis_top
        if width:
            parts.append(
                f'<rect x="{left}" y="{y + 5}" width="{width:.1f}" height="18" '
                f'fill="{_fill(chart_id, 0)}" stroke="currentColor"/>'
            )
        parts.append(_text(left + width + 6, y + 18, text))
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 10}" stroke="currentColor"/>'
    )
    return _svg(chart_id, height, "".join(parts), labelled_by)


__all__ = ["horizontal_bars", "lines", "nice_top", "stacked_bars"]
