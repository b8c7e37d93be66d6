"""Indicator charts as inline SVG, drawn the same way on the web page and in the PDF."""

import unicodedata

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

COLOURS = {"all": "#0b4f8a", "women": "#b8572a", "men": "#2c7a5b"}
WIDTH, HEIGHT = 640, 260
LEFT, BOTTOM, TOP, RIGHT = 52, 36, 32, 12


def _px(value: float) -> str:
    return f"{value:.1f}"


def _number(value) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "") if value is not None else "–"


@register.filter
def swedish_number(value) -> str:
    """1.5 as "1,5" and 2.0 as "2", as Swedish readers write numbers."""
    return _number(value)


@register.simple_tag
def indicator_chart(indicator: dict, number: int):
    """A grouped bar chart of an indicator's yearly values, with a title and a description for
    screen readers; the figures are also given as a table beside it."""
    chart_id = f"chart-{number}"
    rows = indicator["rows"]
    groups = indicator["groups"]
    values = [row.get(group["key"]) for row in rows for group in groups if row.get(group["key"]) is not None]
    top = max(values + [1])
    percent = _is_percent(indicator["unit"])
    scale_max = 100 if percent and top <= 100 else top * 1.1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bar_w = min(36, (slot * 0.8) / max(len(groups), 1))
    parts = []
    for tick in range(0, 5):
        value = scale_max * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d5dae0"/>', LEFT, WIDTH - RIGHT, _px(y), _px(y)))
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#4d5560">{}</text>',
                LEFT - 6,
                _px(y + 4),
                _number(value) + (" %" if percent else ""),
            )
        )
    # The axes named: the unit above the value axis, "year" under the years.
    parts.append(format_html('<text x="{}" y="{}" font-size="11" fill="#4d5560">{}</text>', 4, 12, _axis_unit(indicator["unit"])))
    parts.append(
        format_html('<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#4d5560">{}</text>', WIDTH - RIGHT, HEIGHT - 3, _("Year"))
    )
    for index, row in enumerate(rows):
        x0 = LEFT + slot * index + (slot - bar_w * len(groups)) / 2
        for position, group in enumerate(groups):
            value = row.get(group["key"])
            if value is None:
                continue
            height = plot_h * value / scale_max
            x = x0 + bar_w * position
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {}: {} {}</title></rect>',
                    _px(x),
                    _px(TOP + plot_h - height),
                    _px(bar_w - 2),
                    _px(height),
                    COLOURS[group["key"]],
                    group["label"],
                    row["year"],
                    _number(value),
                    indicator["unit"],
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#1b1f24">{}</text>',
                    _px(x + (bar_w - 2) / 2),
                    _px(TOP + plot_h - height - 3),
                    _number(value),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#1b1f24">{}</text>',
                _px(LEFT + slot * index + slot / 2),
                HEIGHT - BOTTOM + 16,
                row["year"],
            )
        )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" font-size="11" fill="#1b1f24">{}</text>',
        ((LEFT + 110 * i, HEIGHT - 12, COLOURS[g["key"]], LEFT + 110 * i + 14, HEIGHT - 3, g["label"]) for i, g in enumerate(groups)),
    )
    description = _("%(name)s, %(unit)s, by year: %(values)s. The figures are also in the table below.") % {
        "name": indicator["name"],
        "unit": indicator["unit"],
        "values": _chart_values(rows, groups, percent),
    }
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="Source Sans 3, DejaVu Sans, sans-serif" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}{legend}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=indicator["name"],
        desc=description,
        body=mark_safe("".join(parts)),
        legend=legend,
    )


def _is_percent(unit: str) -> bool:
    return unit.strip().lower() in ("procent", "%", "percent", "andel (%)")


def _axis_unit(unit: str) -> str:
    return _("Per cent (%)") if _is_percent(unit) else unit


def _chart_values(rows: list[dict], groups: list[dict], percent: bool) -> str:
    """ "2023: Alla 62 %, Kvinnor 55 %; 2024: …", the data the chart draws, for its text alternative."""
    suffix = " %" if percent else ""
    years = []
    for row in rows:
        values = [f"{group['label']} {_number(row[group['key']])}{suffix}" for group in groups if row.get(group["key"]) is not None]
        years.append(f"{row['year']}: {', '.join(values)}")
    return "; ".join(years)


@register.filter
def period_months(period: dict) -> str:
    """A snapshot's period (or next follow-up) as its months, "januari–april", in the active language."""
    from followup.periods import ReportingPeriod

    try:
        return ReportingPeriod(period["year"], period.get("tertial")).months
    except (KeyError, TypeError, ValueError):
        return period.get("months", "")


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.filter
def isodate(value: str):
    """A snapshot's ISO date or timestamp as a date, for the `date` filter."""
    import datetime

    return datetime.datetime.fromisoformat(value).date() if value else None


# Characters that mean nothing special inside a CSS string or a <style> element.
_CSS_PLAIN = frozenset(" .,:;!?()-–—_/%+#·")


def _css_char(char: str) -> str:
    if char.isalnum() or char in _CSS_PLAIN or (ord(char) > 127 and unicodedata.category(char)[0] not in "CZ"):
        return char
    # Everything else as a hex escape; the space ends the escape and is not part of the text.
    return f"\\{ord(char):x} "


@register.filter
def css_string(value) -> str:
    """Text safe inside a double- or single-quoted CSS string in a <style> element: backslash,
    quotes, newlines, every control character and anything that could end the element is written
    as a CSS escape, so no text can close the string and write CSS of its own."""
    return mark_safe("".join(_css_char(char) for char in str(value)))


@register.filter
def contact_ways(contact: dict) -> list[str]:
    """A frozen contact's ways to reach it, as the cover's line lists them: e-mail, phone, web page."""
    web_page = contact.get("web_page", "").removeprefix("https://").removeprefix("http://").rstrip("/")
    return [way for way in (contact.get("mailbox", ""), contact.get("phone", ""), web_page) if way]
