"""The programme monitor: content checks with file:line messages, and the monitor pages."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml
from markupsafe import escape

from routekaart import cli, create_app
from routekaart.content import loader as content_module
from routekaart.content import schema
from routekaart.content.monitor import STATUSES, Monitor
from routekaart.web.monitor_views import bar_chart
from tests.isolates import without_isolates

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "monitor"
SEED = "seed/sterk-voor-noord-monitor-2023-2024.txt"  # in ../shared
TODAY = date(2026, 11, 27)
LANGS = ("nl", "en", "ar")
THEMES = ("jeugd-onderwijs-jongeren", "financiele-zelfredzaamheid", "fijn-en-veilig-wonen")

# The numbered goals of each theme as the source lists them ("de volgende doelen vastgesteld"),
# with a word from the source that our plain-Dutch title must keep.
SOURCE_GOALS = {
    "jeugd-onderwijs-jongeren": [
        ("Minder kinderen groeien op in armoede", "armoede"),
        ("Leerachterstanden worden ingelopen", "Leerachterstanden"),
        ("Kinderen stromen op een hoger niveau uit naar het voortgezet onderwijs", "hoger niveau"),
        ("Verhoging van de deelname aan voor- en vroegschoolse educatie", "vroegschoolse"),
        ("Ouderbetrokkenheid wordt vergroot", "Ouders"),
        ("Meer kinderen hebben een gezond gewicht en een positief zelfbeeld", "gezond gewicht"),
        ("Een doorlopende lijn van school naar werk", "school naar werk"),
    ],
    "financiele-zelfredzaamheid": [
        ("Meer wijkbewoners krijgen laagdrempelige financiële hulp", "financiële hulp"),
        ("Meer wijkbewoners beheersen de Nederlandse taal goed", "Nederlandse taal"),
        ("Meer wijkbewoners zijn aan het werk en/of doen actief mee aan de samenleving", "werken"),
        ("Meer wijkbewoners kunnen gemakkelijker rondkomen", "rondkomen"),
        ("Er is sprake van meer ondernemerschap dat past bij de wijken", "ondernemerschap"),
    ],
    "fijn-en-veilig-wonen": [
        ("Ingrepen in de (toewijzing van de) woningvoorraad", "gemengde"),
        ("De afval- en ongedierte problematiek wordt verminderd", "ongedierte"),
        ("Jonge aanwas in de criminaliteit wordt voorkomen", "criminaliteit"),
        ("Overlast, sociale problemen en criminaliteit wordt verminderd", "Minder overlast"),
        ("Meer wijkbewoners voelen zich veilig in hun eigen wijk", "veilig"),
        ("Meer wijkbewoners voelen zich verbonden met elkaar en met hun wijk", "verbonden"),
    ],
}


def load_monitor(folder: Path = CONTENT) -> tuple[Monitor | None, list[str]]:
    """The monitor of a content folder and all checker messages as text."""
    content, messages = content_module.load(folder, today=TODAY)
    found = content.extra.get("monitor") if content else None
    return found, [str(m) for m in messages]


def add_edition(content_copy: Path, fixture: str) -> Path:
    """Copy a fixture edition into the monitor folder of a content copy."""
    target = content_copy / "monitor" / fixture
    shutil.copy(FIXTURES / fixture, target)
    return target


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of ``path`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- the content and the checker ---------------------------------------------------------------


def test_the_bundled_monitor_is_valid_and_has_the_three_themes():
    monitor, messages = load_monitor()
    assert monitor is not None, messages
    assert not [m for m in messages if "monitor/" in m]
    assert tuple(monitor.programme.themes) == THEMES
    assert [e.edition.id for e in monitor.editions] == ["2023-2024"]


@pytest.mark.parametrize("theme_id", THEMES)
def test_every_goal_of_the_source_is_under_its_theme_in_order(theme_id):
    monitor, _ = load_monitor()
    goals = monitor.programme.themes[theme_id].goals
    assert len(goals) == len(SOURCE_GOALS[theme_id])
    for goal, (_, keyword) in zip(goals, SOURCE_GOALS[theme_id], strict=True):
        assert keyword.lower() in goal.title.nl.lower(), (goal.id, keyword)


def test_the_three_themes_have_18_goals_together():
    monitor, _ = load_monitor()
    assert [len(t.goals) for t in monitor.programme.themes.values()] == [7, 5, 6]


def test_the_goal_list_above_is_the_source_s(shared):
    text = re.sub(r"\s+", " ", shared(SEED).read_text(encoding="utf-8"))
    for goals in SOURCE_GOALS.values():
        for title, _ in goals:
            assert title in text


def test_every_figure_in_the_content_is_a_number_the_source_states(shared):
    text = shared(SEED).read_text(encoding="utf-8")
    numbers = set(re.findall(r"(?<![\d,.])\d+(?![\d,])", text))
    monitor, _ = load_monitor()
    for indicator_id, measurements in monitor.measurements.items():
        for m in measurements:
            assert str(m.figure.value) in numbers, (indicator_id, m.figure.value)


def test_the_examples_of_the_brief_are_in_the_content_with_their_period():
    monitor, _ = load_monitor()

    def figure(indicator_id):
        [m] = monitor.measurements[indicator_id]
        return m.figure.value, m.figure.period.nl

    assert figure("aan-het-werk") == (8, "tot eind september 2024")  # the source: "eind Q3"
    # The source gives 132 without a period of its own (issue 12, part 8).
    assert figure("participatiestappen") == (132, "periode onbekend")
    assert figure("zaterdag-taalles")[0] == 60
    assert figure("gezond-gewicht-aangemeld") == (33, "eind 2023")
    assert figure("gezond-gewicht-afgerond") == (4, "eind 2023")


def test_what_was_not_taken_up_says_why():
    monitor, _ = load_monitor()
    dropped = monitor.not_taken_up(monitor.latest)
    assert {a.id for _, a in dropped} == {"corona-en-ondernemers", "energiecoaches"}
    assert all(a.why is not None for _, a in dropped)


@pytest.mark.parametrize(
    ("fixture", "needle", "message"),
    [
        (
            "unknown-goal.yaml",
            "armoed]",
            'error: unknown goal "armoed" in theme "jeugd-onderwijs-jongeren" '
            '(did you mean "armoede"?)',
        ),
        (
            "unknown-indicator.yaml",
            "indicator: partner",
            'error: unknown indicator "partner" (did you mean "partners"?)',
        ),
        ("missing-why.yaml", "- id: niet-gedaan", 'error: status "niet-opgepakt" needs a "why"'),
        ("bad-status.yaml", "status: lopend", 'error: unknown value "lopend" (choose from'),
        ("missing-arabic.yaml", "title:", 'error: missing the Arabic text ("ar")'),
        ("future-figure.yaml", "date: 2099", "error: 2099-01-01 lies in the future"),
        ("not-a-number.yaml", "value: ca. 40", 'error: "ca. 40" is not a number'),
        (
            "overlapping-edition.yaml",
            "id: 2023-2024",
            'error: edition id "2023-2024" is also used in content/monitor/2023-2024.yaml line',
        ),
        ("overlapping-edition.yaml", "from: 2024-06-01", "overlaps edition"),
        (
            "wrong-theme.yaml",
            "indicator: zaterdag-taalles",
            'error: indicator "zaterdag-taalles" belongs to theme "jeugd-onderwijs-jongeren"',
        ),
        (
            "wrong-theme.yaml",
            "  veilig-wonen:",
            'error: unknown theme "veilig-wonen" (did you mean "fijn-en-veilig-wonen"?)',
        ),
    ],
)
def test_the_checker_points_at_the_broken_line(content_copy, fixture, needle, message):
    path = add_edition(content_copy, fixture)
    monitor, messages = load_monitor(content_copy)
    assert monitor is None
    line = line_of(path, needle)
    found = [m for m in messages if m.startswith(f"content/monitor/{fixture}:{line}:")]
    assert any(message in m for m in found), messages


def test_an_edition_that_ends_before_it_starts_is_refused(content_copy):
    path = add_edition(content_copy, "second-edition.yaml")
    text = path.read_text(encoding="utf-8").replace("until: 2026-12-31", "until: 2024-12-31")
    path.write_text(text, encoding="utf-8")
    _, messages = load_monitor(content_copy)
    line = line_of(path, "until: 2024-12-31")
    assert any(
        m.startswith(f"content/monitor/second-edition.yaml:{line}:")
        and m.endswith("error: until lies before from")
        for m in messages
    ), messages


def test_routekaart_check_fails_with_file_and_line(content_copy):
    add_edition(content_copy, "unknown-goal.yaml")
    code, lines = cli.check(content_copy, TODAY)
    assert code == 1
    line = line_of(FIXTURES / "unknown-goal.yaml", "armoed]")
    assert any(x.startswith(f"content/monitor/unknown-goal.yaml:{line}:") for x in lines)


def test_a_programme_file_with_a_repeated_goal_id_is_refused(content_copy):
    path = content_copy / "monitor" / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- id: uitstroom", "- id: armoede"), encoding="utf-8")
    _, messages = load_monitor(content_copy)
    line = _second_line(path, "- id: armoede")
    assert any(
        m.startswith(f"content/monitor/programme.yaml:{line}:") and "used twice" in m
        for m in messages
    ), messages


def _second_line(path: Path, needle: str) -> int:
    lines = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if needle in line
    ]
    return lines[1]


def test_a_missing_status_name_is_refused(content_copy):
    path = content_copy / "monitor" / "programme.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("  gestopt:")), encoding="utf-8")
    _, messages = load_monitor(content_copy)
    assert any("missing the name of status gestopt" in m for m in messages), messages


def test_a_content_folder_without_a_monitor_still_loads(content_copy):
    shutil.rmtree(content_copy / "monitor")
    content, messages = content_module.load(content_copy, today=TODAY)
    assert content is not None and "monitor" not in content.extra


def test_monitor_files_name_their_schema_and_match_it():
    written = schema.schemas()
    for path in sorted((CONTENT / "monitor").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        name = "monitor-programme" if path.name == "programme.yaml" else "monitor-edition"
        assert first == f"# yaml-language-server: $schema=../../schema/{name}.schema.json"
        on_disk = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text("utf-8"))
        assert on_disk == written[f"{name}.schema.json"], "run: routekaart schema"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as the text staff wrote
        jsonschema.validate(data, on_disk)


# --- the pages ------------------------------------------------------------------------------------


class Figures(HTMLParser):
    """Collects every ``<data data-indicator>`` of a page, and every element's attributes."""

    def __init__(self):
        super().__init__()
        self.figures: list[tuple[str, str]] = []
        self.attrs: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs.append((tag, attrs))
        if tag == "data" and "data-indicator" in attrs:
            self.figures.append((attrs["data-indicator"], attrs["value"]))


def parse(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


def pages() -> list[str]:
    return [f"/{lang}/monitor" for lang in LANGS] + [
        f"/{lang}/monitor/{theme}" for lang in LANGS for theme in THEMES
    ]


@pytest.mark.parametrize("url", pages())
def test_every_figure_on_the_page_is_in_the_content(client, url):
    monitor, _ = load_monitor()
    known = {(i, str(m.figure.value)) for i, ms in monitor.measurements.items() for m in ms}
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    figures = parse(html).figures
    assert figures, "no figures on the page"
    assert set(figures) <= known
    assert "style=" not in html


def test_every_figure_of_the_content_is_shown_somewhere(client):
    monitor, _ = load_monitor()
    shown = set()
    for url in pages()[:1] + [f"/nl/monitor/{t}" for t in THEMES]:
        shown |= set(parse(client.get(url).get_data(as_text=True)).figures)
    wanted = {(i, str(m.figure.value)) for i, ms in monitor.measurements.items() for m in ms}
    assert wanted <= shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_shows_themes_ambitions_goal_counts_and_statuses(client, lang):
    monitor, _ = load_monitor()
    html = without_isolates(client.get(f"/{lang}/monitor").get_data(as_text=True))
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}" ' in html
    for theme_id, theme in monitor.programme.themes.items():
        assert escape(theme.title(lang)) in html
        assert escape(theme.ambition(lang)) in html
        assert f'href="/{lang}/monitor/{theme_id}"' in html
    # jeugd: 7 goals and 18 actions in 2023-2024, counted in each language's own words.
    counts = {
        "nl": "<p>7 doelen · 18 acties in deze monitor</p>",
        "en": "<p>7 goals · 18 actions in this monitor</p>",
        "ar": "<p>7 أهداف · 18 إجراءً في تقرير المتابعة هذا</p>",
    }
    assert counts[lang] in html
    for status, number in monitor.status_counts(
        monitor.latest, "financiele-zelfredzaamheid"
    ).items():
        if number:
            assert escape(monitor.programme.statuses[status](lang)) in html
    assert '<data value="37" data-indicator="partners">37</data>' in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("theme_id", THEMES)
def test_a_theme_page_lists_every_goal_and_action(client, lang, theme_id):
    monitor, _ = load_monitor()
    html = without_isolates(client.get(f"/{lang}/monitor/{theme_id}").get_data(as_text=True))
    theme = monitor.programme.themes[theme_id]
    for goal in theme.goals:
        assert escape(goal.title(lang)) in html
        assert f'id="goal-{goal.id}"' in html
    for action in monitor.actions(monitor.latest, theme_id):
        assert escape(action.title(lang)) in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_every_long_monitor_text_is_in_english_and_arabic():
    """Issue #26: the long texts, the "why" reasons, the summaries and the attention points are
    translated, each marked in the YAML for a reviewer ("en, ar: translated from ...")."""
    dutch_only = []
    for path in sorted((ROOT / "content" / "monitor").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            alone = re.match(r"\s*nl: ", line) and not re.match(r"\s*(en:|# en, ar)", lines[i + 1])
            if alone and not line.rstrip().endswith("}"):  # one-line {nl, en, ar} are whole
                dutch_only.append(f"{path.name}:{i + 1}")
    assert dutch_only == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_why_is_shown_in_the_pages_language_without_a_dutch_note(client, lang):
    monitor, _ = load_monitor()
    html = client.get(f"/{lang}/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    why = monitor.programme.themes["fijn-en-veilig-wonen"].why
    assert why.has(lang)
    assert escape(why(lang)) in without_isolates(html)
    assert 'class="note-nl"' not in html and 'lang="nl" dir="ltr">' + escape(why.nl) not in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_dutch_only_text_is_marked_dutch_with_a_note(content_copy, lang):
    """A long text written in Dutch only still shows, marked as Dutch, with a note."""
    path = content_copy / "monitor" / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    monitor, _ = load_monitor()
    why = monitor.programme.themes["fijn-en-veilig-wonen"].why
    start = text.index(f"      en: {json.dumps(why.en, ensure_ascii=False)}")
    end = text.index("\n", text.index("\n", start) + 1) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    app = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    html = app.test_client().get(f"/{lang}/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    assert f'<p class="long" lang="nl" dir="ltr">{escape(why.nl)}</p>' in html
    assert 'class="note-nl"' in html


def test_the_dutch_page_has_no_dutch_only_note(client):
    html = client.get("/nl/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    assert 'class="note-nl"' not in html
    assert 'class="long" lang="nl"' not in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_financial_theme_shows_and_links_the_routekaart(client, lang):
    html = client.get(f"/{lang}/monitor/financiele-zelfredzaamheid").get_data(as_text=True)
    assert f'class="button" href="/{lang}/"' in html
    for other in ("jeugd-onderwijs-jongeren", "fijn-en-veilig-wonen"):
        assert f'class="button" href="/{lang}/"' not in client.get(
            f"/{lang}/monitor/{other}"
        ).get_data(as_text=True)


def test_filtering_by_status_and_goal(client):
    monitor, _ = load_monitor()
    url = "/nl/monitor/financiele-zelfredzaamheid?status=niet-opgepakt"
    html = client.get(url).get_data(as_text=True)
    assert "Inwoners opleiden tot energiecoach" in html
    assert "Onderzoek naar corona en ondernemers" in html
    assert (
        "Routekaart bij geldzorgen"
        not in html.split('id="monitor-results"')[1].split('id="figures"')[0]
    )
    assert '<option value="niet-opgepakt" selected>' in html
    html = client.get("/nl/monitor/jeugd-onderwijs-jongeren?doel=vve").get_data(as_text=True)
    results = html.split('id="monitor-results"')[1]
    assert 'id="goal-vve"' in results and 'id="goal-armoede"' not in results
    assert "5 acties getoond" in html
    expected = len(monitor.actions(monitor.latest, "jeugd-onderwijs-jongeren", "vve"))
    assert expected == 5


def test_htmx_gets_only_the_results_and_the_count(client):
    url = "/en/monitor/jeugd-onderwijs-jongeren?status=afgerond"
    response = client.get(url, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<div id="monitor-results"')
    assert "<html" not in html
    assert '<p id="result-count" data-hx-swap-oob="innerHTML">2 actions shown' in html
    full = client.get(
        url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" in full


def test_the_filter_form_works_without_javascript(client):
    html = client.get("/nl/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    form = html.split("<form", 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form and 'action="/nl/monitor/fijn-en-veilig-wonen"' in form
    assert 'name="doel"' in form and 'name="status"' in form and 'type="submit"' in form


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/nl/monitor/onbekend", 404),
        ("/ar/monitor/fijn-en-veilig-wonen?status=klaar", 400),
        ("/en/monitor/fijn-en-veilig-wonen?doel=armoede", 400),
        ("/nl/monitor?editie=1999-2000", 400),
    ],
)
def test_bad_addresses_get_a_friendly_page_in_the_language(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    lang = url.split("/")[1]
    assert f'<html lang="{lang}"' in response.get_data(as_text=True)


def test_the_footer_links_to_the_monitor(client):
    assert 'href="/en/monitor"' in client.get("/en/").get_data(as_text=True)


def test_the_css_has_print_rules(client):
    css = (ROOT / "static" / "monitor.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert not re.search(r"(margin|padding|border)-(left|right)\b|\b(left|right):", css)


# --- a second edition ---------------------------------------------------------------------------


@pytest.fixture
def two_editions(content_copy):
    """A client on content with a made-up second edition added as a file, nothing else changed."""
    add_edition(content_copy, "second-edition.yaml")
    app = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    return app.test_client()


def test_a_second_edition_appears_in_the_comparison(two_editions):
    html = two_editions.get("/nl/monitor").get_data(as_text=True)
    compare = html.split('class="compare"')[1].split("</table>")[0]
    assert "Monitor 2023–2024" in compare and "Monitor 2025–2026 (test)" in compare
    assert '<data value="37" data-indicator="partners">' in compare
    assert '<data value="41" data-indicator="partners">' in compare
    assert '<data value="150" data-indicator="participatiestappen">' in compare
    # Two measurements: a chart, with the numbers in a table beside it.
    chart = html.split('aria-labelledby="chart-partners"')[1].split("</section>")[0]
    assert chart.count("<rect") == 2
    assert '<table class="measurements">' in chart
    # The partner count of the programme is the newest one.
    facts = html.split('class="facts"')[1].split("</ul>")[0]
    assert 'value="41"' in facts


def test_a_second_edition_is_the_default_and_the_first_stays_reachable(two_editions):
    url = "/nl/monitor/financiele-zelfredzaamheid"
    html = two_editions.get(url).get_data(as_text=True)
    assert "Begeleiding naar werk (test)" in html
    assert '<select id="filter-edition" name="editie">' in html
    old = two_editions.get(url + "?editie=2023-2024").get_data(as_text=True)
    assert "Begeleiding naar werk (test)" not in old
    assert "Routekaart bij geldzorgen" in old
    assert 'href="/nl/monitor?editie=2023-2024"' in old
    overview = two_editions.get("/nl/monitor?editie=2023-2024").get_data(as_text=True)
    facts = overview.split('class="facts"')[1].split("</ul>")[0]
    assert 'value="37"' in facts and 'value="41"' not in facts


def test_a_single_measurement_has_no_chart(client):
    html = client.get("/nl/monitor/financiele-zelfredzaamheid").get_data(as_text=True)
    assert "<svg" not in html


# --- the chart geometry -----------------------------------------------------------------------


def test_the_tallest_bar_fills_the_plot_and_bars_scale():
    chart = bar_chart([50, 100, 0])
    heights = [b.height for b in chart.bars]
    assert heights[2] == 0
    assert heights[1] == pytest.approx(2 * heights[0])
    assert chart.bars[1].y + chart.bars[1].height == pytest.approx(chart.baseline)
    assert all(b.y >= 20 for b in chart.bars)


def test_right_to_left_charts_run_from_the_right():
    ltr, rtl = bar_chart([1, 2]), bar_chart([1, 2], rtl=True)
    assert ltr.bars[0].x < ltr.bars[1].x
    assert rtl.bars[0].x > rtl.bars[1].x
    assert rtl.bars[0].x == ltr.bars[1].x


def test_statuses_are_the_five_of_the_brief_and_the_content_names_exactly_those():
    assert STATUSES == ("afgerond", "loopt", "elders-voortgezet", "gestopt", "niet-opgepakt")
    # Read with plain YAML, not the app's loader, so a status the content adds or drops shows.
    raw = yaml.safe_load((CONTENT / "monitor" / "programme.yaml").read_text(encoding="utf-8"))
    assert tuple(raw["statuses"]) == STATUSES
