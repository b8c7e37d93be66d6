"""The glance bars as drawn: a focus area whose activities are all ongoing is not one solid colour
(it would read as "all done"), and the legend beside the bars is shown."""

import io

import pytest

pytestmark = pytest.mark.browser


def test_a_bar_of_ongoing_activities_is_not_one_solid_colour_and_the_legend_is_shown(page, seeded_server):
    from PIL import Image

    page.goto(f"{seeded_server.url}/vaggeryd/")
    ongoing_only = (
        page.locator("li.glance__row")
        .filter(has=page.locator("rect.glance__part--ongoing"))
        .filter(has_not=page.locator("rect:not(.glance__part--ongoing)"))
        .first
    )
    text = ongoing_only.locator(".glance__text").inner_text()
    bar = Image.open(io.BytesIO(ongoing_only.locator("svg.glance__bar").screenshot())).convert("RGB")
    width, height = bar.size
    # The middle row of pixels, away from the rounded ends: a texture gives it at least two colours.
    colours = {bar.getpixel((x, height // 2)) for x in range(width // 10, width - width // 10)}
    legend = page.locator(".glance__legend")

    assert "pågående" in text and "genomförd" not in text
    assert len(colours) >= 2, colours
    assert legend.is_visible()
    assert legend.locator("li").all_inner_texts() == ["Planerad", "Pågående", "Genomförd", "Framflyttad", "Inställd"]
    assert legend.locator("svg.glance__swatch").count() == 5
