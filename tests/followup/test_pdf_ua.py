"""The report PDF is PDF/UA-1 by what a checker can read from its structure tree (header scopes,
heading levels, one tree for the document, charts' alternate text, metadata), and reads as a
document to publish: the period with its months, the next follow-up, contacts, figures aligned."""

import io
import re

import pikepdf
import pytest

from followup import rendering
from followup.periods import ReportingPeriod

STATUSES = [
    ("planned", "Planerad"),
    ("ongoing", "Pågående"),
    ("done", "Genomförd"),
    ("postponed", "Framflyttad"),
    ("cancelled", "Inställd"),
]


def _snapshot(*, sections=4, activities=6, schema=rendering.SNAPSHOT_SCHEMA, year_report=True) -> dict:
    """A report long enough that sections and tables cross page breaks, with an indicator chart."""
    period = ReportingPeriod(2024) if year_report else ReportingPeriod(2022, 1)
    snapshot = {
        "schema": schema,
        "municipality": {"name": "Vaggeryds kommun", "slug": "vaggeryd", "county": "Jönköpings län"},
        "police_area": "LPO Värnamo",
        "agreement": {
            "title": "Samverkansöverenskommelse",
            "period_text": "2022–2025",
            "state": "Gäller",
            "partners": [],
            "signatories": [],
        },
        "signing": {
            "of": "agreement",
            "signatories": [{"name": "Gert Jonsson", "title": "Ordförande", "organisation": "Kommunen", "party": "Kommunen"}],
        },
        "original_publication": None,
        "period": {
            "year": period.year,
            "tertial": period.tertial,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "version_number": 1,
        "changes_note": "",
        "summary": "Kommunen och polisen har fortsatt arbetet enligt planen.",
        "published_at": "2025-01-15T10:00:00+00:00",
        "sections": [
            {
                "promise_title": f"Löfte {n}",
                "commitment": "Kommunen och polisen lovar att arbeta för en ökad trygghet bland kommunens invånare. " * 3,
                "focus_areas": ["Trygghet"],
                "text": "Så här gick arbetet med löftet under perioden. " * 8,
                "activities": [
                    {
                        "description": f"Aktivitet {n}.{a}",
                        "focus_area": "Trygghet",
                        "responsible": "Gemensamt",
                        "place": "",
                        "target": "",
                        "target_per_year": None,
                        "status": "ongoing",
                        "status_label": "Pågående",
                        "achieved": None,
                        "what_was_done": "Arbetet pågår enligt plan och beskrivs här av samordnaren. " * 3,
                        "next_step": "Nästa steg planeras tillsammans med polisen.",
                        "carried_over_from": "",
                    }
                    for a in range(1, activities + 1)
                ],
            }
            for n in range(1, sections + 1)
        ],
        "focus_area_summary": [
            {
                "name": "Trygghet",
                "total": 3,
                "counts": [{"status": code, "label": label, "count": 3 if code == "ongoing" else 0} for code, label in STATUSES],
            }
        ],
        "indicators": [
            {
                "name": "Andel som känner sig trygga",
                "unit": "procent",
                "source": "Polisens trygghetsundersökning",
                "description": "",
                "groups": [{"key": "all", "label": "Alla"}, {"key": "women", "label": "Kvinnor"}, {"key": "men", "label": "Män"}],
                "rows": [{"year": 2023, "all": 79.0, "women": 72.0, "men": 86.0}, {"year": 2024, "all": 84.5, "women": 78.0, "men": 89.0}],
            }
        ],
    }
    if schema >= 3:
        snapshot["period"]["months"] = period.months
        snapshot["next_follow_up"] = {
            "year": 2025,
            "tertial": None,
            "label": "Helår 2025",
            "months": "januari–december",
            "due": "2026-01-30",
        }
    return snapshot


@pytest.fixture(scope="module")
def pdf():
    return pikepdf.open(io.BytesIO(rendering.render_pdf(_snapshot())))


def _kids(elem):
    kids = elem.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _walk(elem, ancestors=()):
    """(element, its ancestors' tags) for every structure element, in document order."""
    yield elem, ancestors
    for kid in _kids(elem):
        yield from _walk(kid, (*ancestors, str(elem.S)))


def _document(pdf):
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _elements(pdf):
    return list(_walk(_document(pdf)))


def _pages_of(elem, pdf) -> set[int]:
    """The pages the marked content under `elem` is drawn on."""
    pages = [page.objgen for page in pdf.pages]
    found = set()
    for node, _ in _walk(elem):
        kids = node.K if isinstance(node.K, pikepdf.Array) else [node.K]
        if "/Pg" in node and any(isinstance(kid, int) for kid in kids):
            found.add(pages.index(node.Pg.objgen))
    return found


def test_the_sample_report_crosses_page_breaks(pdf):
    assert len(pdf.pages) >= 3  # else the tests of one tree across pages prove nothing


def test_every_header_cell_has_a_scope_for_its_column_or_its_row(pdf):
    headers = [elem for elem, _ in _elements(pdf) if elem.S == "/TH"]
    scopes = {str(th.A.Scope) for th in headers}

    assert headers and all(th.A.O == "/Table" and str(th.A.Scope) in ("/Column", "/Row", "/Both") for th in headers)
    assert {"/Column", "/Row"} <= scopes  # the tables have both column and row headers


def test_every_data_cell_names_its_row_and_column_headers(pdf):
    ids = {str(elem.ID): elem for elem, _ in _elements(pdf) if elem.S == "/TH"}
    cells = [elem for elem, _ in _elements(pdf) if elem.S == "/TD"]

    assert cells
    for cell in cells:
        scopes = sorted(str(ids[str(header)].A.Scope) for header in cell.A.Headers)
        assert scopes == ["/Column", "/Row"], cell.A.Headers


def test_headings_never_skip_a_level_and_none_sits_inside_another(pdf):
    headings = [(int(str(elem.S)[2]), ancestors) for elem, ancestors in _elements(pdf) if re.fullmatch(r"/H[1-6]", str(elem.S))]
    levels = [level for level, _ in headings]

    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), levels
    assert not [ancestors for _, ancestors in headings if any(re.fullmatch(r"/H[1-6]?", tag) for tag in ancestors)]


def test_the_document_is_one_structure_not_one_part_per_page(pdf):
    document = _document(pdf)

    assert document.S == "/Document"
    assert [str(kid.S) for kid in _kids(document)] == ["/Part"]
    assert sum(1 for elem, _ in _elements(pdf) if elem.S == "/Part") == 1


def test_a_section_across_a_page_break_is_one_element_with_its_heading_and_its_table(pdf):
    sections = [elem for elem, _ in _elements(pdf) if elem.S == "/Sect"]
    spanning = [s for s in sections if len(_pages_of(s, pdf)) > 1]

    assert spanning, "no section crosses a page break in the sample"
    for section in sections:
        tags = [str(elem.S) for elem, _ in _walk(section)]
        assert "/H2" in tags  # no headless second half of a section
    for section in spanning:
        tags = [str(elem.S) for elem, _ in _walk(section)]
        assert tags.count("/Table") == 1 and tags.count("/THead") == 1 and tags.count("/TBody") == 1


def test_a_table_across_a_page_break_is_one_table(pdf):
    captions = []
    for table in (elem for elem, _ in _elements(pdf) if elem.S == "/Table"):
        caption = [kid for kid in _kids(table) if kid.S == "/Caption"]
        captions.append(len(caption))
    assert captions and all(count == 1 for count in captions)


def test_the_charts_alternate_text_states_its_figures(pdf):
    figures = [elem for elem, _ in _elements(pdf) if elem.S == "/Figure"]
    alt = str(figures[0].Alt)

    assert len(figures) == 1
    assert "Andel som känner sig trygga" in alt
    for figure in ["2023", "Alla 79 %", "Kvinnor 72 %", "Män 86 %", "2024", "Alla 84,5 %", "Män 89 %"]:
        assert figure in alt, figure


def test_the_metadata_agree_and_name_language_and_title(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        assert xmp["pdf:Producer"] == str(pdf.docinfo["/Producer"])
        assert xmp["pdfuaid:part"] == "1"
        assert "Helår 2024" in xmp["dc:title"]
    assert str(pdf.Root.Lang) == "sv"
    assert str(pdf.docinfo["/Title"]) == "Uppföljning av medborgarlöftena Helår 2024 – Vaggeryds kommun"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_the_text_is_set_in_the_shipped_open_licensed_typeface_embedded(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            fonts.add(str(font.BaseFont).split("+")[-1].rstrip(","))
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont

    assert {"Source-Sans-3", "Source-Sans-3-Bold"} <= fonts, fonts


def _text(snapshot) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(rendering.render_pdf(snapshot))).pages)


def test_the_period_is_given_with_its_months_the_next_follow_up_and_whom_to_ask():
    text = " ".join(_text(_snapshot(sections=1, year_report=False)).split())

    assert "Tertial 1 2022, januari–april" in text
    assert "Nästa uppföljning: Helår 2025 (januari–december), ska publiceras senast 30 januari 2026." in text
    assert "Vaggeryds kommun" in text and "114 14" in text


def test_a_report_frozen_before_months_were_recorded_renders_as_it_did():
    html = rendering.render_html(_snapshot(sections=1, schema=2, year_report=False), for_pdf=True)

    assert "Tertial 1 2022" in html
    assert "januari–april" not in html and "polisen.se" not in html and 'class="report-next"' not in html


def test_promise_texts_are_in_roman_type_and_figures_right_aligned():
    html = rendering.render_html(_snapshot(sections=1), for_pdf=True)
    css = html.split("<style>")[1].split("</style>")[0]
    commitment_rule = re.search(r"\.report-commitment \{([^}]*)\}", css)[1]

    assert "italic" not in commitment_rule
    assert re.search(r"\.report-table \.num \{[^}]*text-align: right;[^}]*tabular-nums", css)
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert "84,5" in cells and "3" in cells  # the indicator's and the status table's figures


@pytest.mark.parametrize(
    ("period", "months"),
    [
        (ReportingPeriod(2022, 1), "januari–april"),
        (ReportingPeriod(2022, 2), "maj–augusti"),
        (ReportingPeriod(2022, 3), "september–december"),
        (ReportingPeriod(2022), "januari–december"),
    ],
)
def test_a_period_names_its_months(period, months):
    assert period.months == months
    assert period.label_with_months == f"{period.label}, {months}"


def test_the_charts_value_axis_shows_per_cent_and_both_axes_are_named():
    from followup.templatetags.report_tags import indicator_chart

    svg = str(indicator_chart(_snapshot()["indicators"][0], 1))

    assert ">100 %</text>" in svg and ">50 %</text>" in svg
    assert ">Procent (%)</text>" in svg
    assert re.search(r">(År|Year)</text>", svg)


def test_a_chart_of_counts_has_its_unit_on_the_axis_and_no_per_cent_sign():
    from followup.templatetags.report_tags import indicator_chart

    indicator = {**_snapshot()["indicators"][0], "unit": "antal anmälningar"}
    svg = str(indicator_chart(indicator, 1))

    assert ">antal anmälningar</text>" in svg and " %</text>" not in svg


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after", "expected"),
    [(ReportingPeriod(2024, 1), ReportingPeriod(2024, 2)), (ReportingPeriod(2024, 3), ReportingPeriod(2025, 1))],
)
def test_the_next_follow_up_is_the_agreements_next_period(programme, after, expected):
    from followup.periods import next_period

    assert next_period(programme, after) == expected


@pytest.mark.django_db
def test_there_is_no_next_follow_up_after_the_agreement_has_ended(programme):
    import datetime

    from followup.periods import next_period

    programme.ends_on, programme.extends_automatically = datetime.date(2024, 8, 31), False
    programme.save()

    assert next_period(programme, ReportingPeriod(2024, 1)) == ReportingPeriod(2024, 2)
    assert next_period(programme, ReportingPeriod(2024, 2)) is None


@pytest.mark.django_db
def test_a_published_reports_pdf_is_tagged_whole_and_names_its_next_follow_up(published_report):
    pdf = pikepdf.open(io.BytesIO(bytes(published_report.pdf)))

    assert published_report.snapshot["next_follow_up"]["label"] == "Tertial 3 2024"
    assert published_report.snapshot["period"]["months"] == "maj–augusti"
    assert [str(kid.S) for kid in _kids(_document(pdf))] == ["/Part"]
    assert all("/Scope" in elem.A for elem, _ in _elements(pdf) if elem.S == "/TH")


def _png(size=(120, 140), padding=0) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue() + b"\0" * padding


@pytest.fixture
def emblem_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.mark.django_db
def test_the_municipalitys_emblem_is_on_the_cover_with_its_text_alternative(emblem_storage, programme):
    from django.core.files.base import ContentFile

    municipality = programme.municipality
    municipality.emblem.save("vapen.png", ContentFile(_png()), save=False)
    municipality.emblem_alt = "Kommunens vapen"
    municipality.full_clean()
    municipality.save()

    snapshot = {**_snapshot(sections=1), "municipality": {**_snapshot()["municipality"], "emblem": rendering._emblem(municipality)}}
    pdf = pikepdf.open(io.BytesIO(rendering.render_pdf(snapshot)))
    figures = [elem for elem, _ in _elements(pdf) if elem.S == "/Figure"]

    assert snapshot["municipality"]["emblem"]["src"].startswith("data:image/png;base64,")
    assert str(figures[0].Alt) == "Kommunens vapen"  # the cover's emblem first, then the chart
    assert "report-emblem" not in rendering.render_html(snapshot)  # the web page's cover is unchanged


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "alt", "field", "message"),
    [
        ("vapen.png", _png(), "", "emblem_alt", "Säg vad emblemet visar"),
        ("vapen.png", _png(padding=301 * 1024), "Vapen", "emblem", "högst 300 kB"),
        ("vapen.gif", _png(), "Vapen", "emblem", "gif"),
        ("vapen.png", b"not an image", "Vapen", "emblem", "PNG eller JPEG"),
    ],
)
def test_an_emblem_without_text_alternative_too_large_or_not_an_image_is_refused(emblem_storage, here, name, content, alt, field, message):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.models import Municipality

    here.emblem, here.emblem_alt = SimpleUploadedFile(name, content), alt
    with pytest.raises(ValidationError) as refused:
        here.full_clean()

    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not Municipality.objects.get(pk=here.pk).emblem


def test_a_table_with_spanning_cells_keeps_weasyprints_headers_and_gets_scopes():
    import weasyprint

    from followup.pdf_structure import Structure

    html = """<html lang="sv"><head><title>T</title></head><body><table>
      <thead><tr><th scope="col">År</th><th colspan="2">Kvinnor och män</th></tr></thead>
      <tbody><tr><th scope="row">2024</th><td>1</td><td>2</td></tr></tbody></table></body></html>"""
    with Structure() as structure:
        pdf = pikepdf.open(io.BytesIO(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", finisher=structure.finish)))
    elements = [elem for elem, _ in _elements(pdf)]
    ids = {str(elem.ID) for elem in elements if elem.S == "/TH"}

    assert all("/Scope" in elem.A for elem in elements if elem.S == "/TH")
    assert all(str(header) in ids for elem in elements if elem.S == "/TD" for header in elem.A.Headers)
