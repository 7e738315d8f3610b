"""Every monitor action says where the source describes it (issue 23, item 8): a "bron" with the
source's section heading and the paragraph under it. The reference must resolve in the source
text and the paragraph must really be about the action, so a reader who compares finds it.
The general points of attention carry one the same way."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from routekaart import create_app
from routekaart.content import loader as content_module
from routekaart.content.monitor import Action, AttentionPoint, SourceRef, source_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SEED = "seed/sterk-voor-noord-monitor-2023-2024.txt"  # in ../shared
TODAY = date(2026, 11, 27)

# The headings of the source that are not the place of any action or point of attention; a
# section ends at the next heading, whether listed here or named by a reference.
OTHER_HEADINGS = {
    "Inleiding",
    "Jeugd, onderwijs en jongeren",
    "Financiële zelfredzaamheid",
    "Fijn en veilig wonen",
    "Algemene aandachtspunten",
    "Hoofdambitie 20 jaar",
    "Waar is aan gewerkt in 2023-2024?",
    "Voorkomen van jonge aanwas in de criminaliteit",
}

# Words too common in the source to tell one action from another.
COMMON = {
    "minder",
    "meer",
    "extra",
    "voor",
    "naar",
    "door",
    "ouders",
    "kinderen",
    "jongeren",
    "inwoners",
    "wijk",
    "werk",
    "werken",
    "helpen",
    "gemeente",
    "leidschendam-voorburg",
    "stichting",
    "programma",
    "sterk",
    "noord",
    "onderzoek",
    "steun",
    "elkaar",
    "over",
    "taal",
    "jaar",
    "hulp",
    "nederlands",
    "kind",
    "andere",
    "zien",
    "start",
    "school",
    "scholen",
    "activiteiten",
    "organisaties",
    "mensen",
    "willen",
    "leren",
}


def actions() -> list[Action]:
    content, _ = content_module.load(ROOT / "content", today=TODAY)
    edition = content.extra["monitor"].latest
    return [a for report in edition.themes.values() for a in report.actions]


def attention_points() -> list[AttentionPoint]:
    content, _ = content_module.load(ROOT / "content", today=TODAY)
    return content.extra["monitor"].latest.attention_points


def headings() -> set[str]:
    told = [*actions(), *attention_points()]
    return OTHER_HEADINGS | {ref.section for item in told for ref in item.bron}


def flat(text: str) -> str:
    """Lower case, words the printed layout broke at a line end mended."""
    return re.sub(r"(\w)- (\w)", r"\1\2", text.lower())


def distinctive(item: Action | AttentionPoint) -> set[str]:
    """Words of the Dutch title and organisations (their first six letters, so "meeuwen" finds
    "meeuwennesten") and the numbers of the figures (an action's; a point has neither)."""
    organisations = getattr(item, "organisations", [])
    names = [org if isinstance(org, str) else org("nl") for org in organisations]
    words = re.findall(r"[\w-]+", " ".join([item.title("nl"), *names]).lower())
    stems = {w[:6] for w in words if len(w) >= 4 and w not in COMMON}
    # One-digit numbers ("2 moeders") are everywhere in the source: only longer ones count.
    return stems | {f"{f.value:g}" for f in getattr(item, "figures", []) if f.value >= 10}


def found_in(words: set[str], paragraph: str) -> set[str]:
    text = flat(paragraph)
    return {
        w
        for w in words
        if re.search(rf"(?<!\w){re.escape(w)}" + (r"(?!\w)" if w.isdigit() else ""), text)
    }


def text_words(item: Action | AttentionPoint) -> set[str]:
    """Long words (first six letters) of the Dutch text: a paragraph that continues the story
    names no title word, but shares several of these."""
    words = re.findall(r"[\w-]+", item.text("nl").lower())
    return {w[:6] for w in words if len(w) >= 6 and w not in COMMON}


def mentions(paragraph: str, action: Action | AttentionPoint) -> bool:
    """A word of the title or an organisation or a figure, or three long words of the text."""
    return bool(found_in(distinctive(action), paragraph)) or (
        len(found_in(text_words(action), paragraph)) >= 4
    )


def resolve(text: str, ref: SourceRef, all_headings: set[str]) -> str:
    """The paragraph a reference points at; fails the test with the reason when it does not."""
    found = source_paragraphs(text, ref.section, all_headings)
    assert found is not None, f'heading "{ref.section}" is not in the source exactly once'
    assert ref.paragraph <= len(found), (
        f'"{ref.section}" has {len(found)} paragraphs, not {ref.paragraph}'
    )
    return found[ref.paragraph - 1]


def test_every_action_has_a_bron():
    found = actions()
    assert len(found) >= 40
    assert all(a.bron for a in found)


def test_every_bron_resolves_and_mentions_the_action(shared):
    text = shared(SEED).read_text(encoding="utf-8")
    all_headings = headings()
    wrong = []
    for action in actions():
        for ref in action.bron:
            paragraph = resolve(text, ref, all_headings)
            if not mentions(paragraph, action):
                wrong.append(f"{action.id}: {ref.section}, alinea {ref.paragraph}: {paragraph}")
    assert not wrong, "\n".join(wrong)


def test_every_point_of_attention_has_a_bron_that_resolves_and_mentions_it(shared):
    text = shared(SEED).read_text(encoding="utf-8")
    all_headings = headings()
    points = attention_points()
    assert len(points) == 5
    for point in points:
        assert point.bron
        for ref in point.bron:
            paragraph = resolve(text, ref, all_headings)
            assert len(found_in(text_words(point), paragraph)) >= 4, (point.title("nl"), ref)


def assert_an_error_without_its_bron(content_copy: Path, first_line: str) -> None:
    """Take the bron (and its references) away from the item whose first line holds
    ``first_line``: loading the copy gives an error that names bron at that line."""
    path = content_copy / "monitor" / "2023-2024.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if first_line in line)
    at = next(i for i in range(start, len(lines)) if lines[i].strip() == "bron:")
    end = at + 1
    while lines[end].strip().startswith("- {section:"):
        end += 1
    del lines[at:end]  # "bron:" and its references
    path.write_text("".join(lines), encoding="utf-8")
    _, messages = content_module.load(content_copy, today=TODAY)
    errors = [str(m) for m in messages if m.severity == "error"]
    assert any(
        m.startswith(f"content/monitor/2023-2024.yaml:{start + 1}:") and "bron" in m for m in errors
    ), errors


def test_a_point_of_attention_without_a_bron_is_a_content_error_at_its_line(content_copy):
    assert_an_error_without_its_bron(content_copy, '{nl: "Meedoen van inwoners"')


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_readers_see_the_bron_under_every_point_of_attention(lang):
    client = create_app({"TESTING": True}).test_client()
    html = client.get(f"/{lang}/monitor").get_data(as_text=True)
    part = html[html.index('id="attention"') : html.index('id="monitoring"')]
    shown = re.findall(r'<p class="bron">(.*?)</p>', part, re.S)
    assert len(shown) == len(re.findall("<h3>", part)) == 5
    assert all('<bdi lang="nl" dir="ltr">' in bron for bron in shown)
    assert '<bdi lang="nl" dir="ltr">Beschikbare ruimte</bdi>' in shown[0]
    # The heading in the reader's language first, the Dutch in brackets (issue #26).
    translated = {
        "nl": "Bron: <bdi",
        "en": "‘Space available’ (<bdi",
        "ar": "«الأماكن المتاحة» (<bdi",
    }
    assert translated[lang] in shown[0]


def test_a_source_heading_without_its_translation_is_a_content_error(content_copy):
    """Every heading a bron points at is listed under "headings" in every language, so no
    English or Arabic page shows a Dutch heading alone."""
    path = content_copy / "monitor" / "2023-2024.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith('  - {nl: "Rolmodellen"')]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    _, messages = content_module.load(content_copy, today=TODAY)
    errors = [str(m) for m in messages if m.severity == "error"]
    assert any('"Rolmodellen"' in m and "headings" in m for m in errors), errors


def test_every_source_heading_is_translated_and_used():
    content, _ = content_module.load(ROOT / "content", today=TODAY)
    edition = content.extra["monitor"].latest
    told = [a for report in edition.themes.values() for a in report.actions]
    used = {ref.section for item in (*told, *edition.attention_points) for ref in item.bron}
    listed = [heading.nl for heading in edition.headings]
    assert sorted(listed) == sorted(used)  # each once, none left over
    assert all(heading.has("en") and heading.has("ar") for heading in edition.headings)


def test_an_action_without_a_bron_is_a_content_error_at_its_line(content_copy):
    assert_an_error_without_its_bron(content_copy, "- id: meeuwen\n")


@pytest.mark.parametrize(
    ("action_id", "section", "paragraph"),
    [
        ("meeuwen", "Verminderen problemen met ratten", 1),  # the neighbouring pest
        ("stichting-studielokalen", "Jongeren zonder startkwalificaties", 1),
        ("ratten", "Verminderen problemen met meeuwen", 1),
        ("jongeren-perspectief-fonds", "Meer vroegsignalering", 1),
        ("dealbreakers", "Inzet op minder overlast", 1),
        ("ve-plus-groepen", "Verhoging van deelname aan voor- en vroegschoolse educatie", 2),
    ],
)
def test_a_reference_to_the_wrong_paragraph_fails(shared, action_id, section, paragraph):
    text = shared(SEED).read_text(encoding="utf-8")
    action = next(a for a in actions() if a.id == action_id)
    assert (section, paragraph) not in {(r.section, r.paragraph) for r in action.bron}
    wrong = SourceRef(section=section, paragraph=paragraph)
    assert not mentions(resolve(text, wrong, headings()), action)


@pytest.mark.parametrize(
    ("section", "paragraph", "reason"),
    [
        ("Rolmodel", 1, "is not in the source exactly once"),
        ("Waar is aan gewerkt in 2023-2024?", 1, "is not in the source exactly once"),  # 3 times
        ("Rolmodellen", 2, '"Rolmodellen" has 1 paragraphs, not 2'),
    ],
)
def test_a_reference_that_does_not_resolve_fails(shared, section, paragraph, reason):
    text = shared(SEED).read_text(encoding="utf-8")
    with pytest.raises(AssertionError, match=re.escape(reason)):
        resolve(text, SourceRef(section=section, paragraph=paragraph), headings())


def test_paragraphs_follow_the_sentences_not_the_printed_layout():
    """A blank line in mid-sentence (the layout of the printed page) does not end a paragraph;
    a heading broken over two lines is found whole; a quote stays with its introduction."""
    text = "Kop\nEerste zin\n\nloopt door .\n\nTweede alinea:\n\n‘Een quote .’\nVolgende\n\nkop"
    assert source_paragraphs(text, "Kop", {"Kop", "Volgende kop"}) == [
        "Eerste zin loopt door .",
        "Tweede alinea: ‘Een quote .’",
    ]
    assert source_paragraphs(text, "Volgende kop", {"Kop", "Volgende kop"}) == []
    assert source_paragraphs(text, "Ontbreekt", {"Kop"}) is None


# What a reader sees for "Rolmodellen, alinea 1" and for two paragraphs of one section.
SHOWN = {
    "nl": ("Bron:", "alinea 1", "alinea's 1 en 2", " en "),
    "en": ("Source (in Dutch):", "paragraph 1", "paragraphs 1 and 2", " and "),
    "ar": ("المصدر (بالهولندية):", "الفقرة 1", "الفقرتان 1 و2", " و"),
}
# English and Arabic quote the heading, translated, with the Dutch heading in brackets: it names
# a place in the Dutch report (issue #26).
QUOTES = {"nl": ("", ""), "en": ("‘", "’"), "ar": ("«", "»")}
HEADINGS = {
    "Rolmodellen": {"en": "Role models", "ar": "القدوات"},
    "Leerachterstanden worden ingelopen": {
        "en": "Children catch up on learning",
        "ar": "تعويض التأخر الدراسي",
    },
    "Verminderen van afvalproblematiek": {
        "en": "Fewer problems with waste",
        "ar": "مشاكل أقل مع النفايات",
    },
}


def heading_shown(lang: str, dutch: str) -> tuple[str, str]:
    """The start and the end of a heading in a source line as the page shows it."""
    bdi = f'<bdi lang="nl" dir="ltr">{dutch}</bdi>'
    if lang == "nl":
        return bdi, bdi
    open_q, close_q = QUOTES[lang]
    translated = HEADINGS[dutch][lang]
    return f"{open_q}{translated}{close_q} ({bdi}", f"{bdi})"


@pytest.mark.parametrize("lang", list(SHOWN))
def test_readers_see_the_bron_under_every_action(lang):
    """On every theme page each action ends with its source places: the Dutch heading isolated
    (it names a place in the Dutch document), the words around it in the page's language."""
    label, one, two, between = SHOWN[lang]
    open_q, close_q = QUOTES[lang]
    client = create_app({"TESTING": True}).test_client()
    content, _ = content_module.load(ROOT / "content", today=TODAY)
    monitor = content.extra["monitor"]
    seen = 0
    for theme_id, report in monitor.latest.themes.items():
        page = client.get(f"/{lang}/monitor/{theme_id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        articles = re.findall(r'<article class="action".*?</article>', html, re.S)
        assert articles
        for article in articles:
            bron = re.findall(r'<p class="bron">(.*?)</p>', article, re.S)
            assert len(bron) == 1, article
            assert bron[0].startswith(label + " ")
            assert '<bdi lang="nl" dir="ltr">' in bron[0]
            seen += 1
        shown = " ".join(re.findall(r'<p class="bron">(.*?)</p>', html, re.S))
        for action in report.actions:
            for section, _numbers in action.bron_sections():
                assert f'<bdi lang="nl" dir="ltr">{escape(section)}</bdi>' in shown
    assert seen >= 41
    rolmodellen = client.get(f"/{lang}/monitor/jeugd-onderwijs-jongeren").get_data(as_text=True)
    comma = "،" if lang == "ar" else ","
    start, end = heading_shown(lang, "Rolmodellen")
    assert f"{label} {start}" in rolmodellen
    assert f"{end}{comma} {one}</p>" in rolmodellen
    # Two paragraphs of one section, then a second section: the list reads as the language does.
    _, leerachterstanden = heading_shown(lang, "Leerachterstanden worden ingelopen")
    assert f"{leerachterstanden}{comma} {two}</p>" in rolmodellen
    meeuwen = client.get(f"/{lang}/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    afval, _ = heading_shown(lang, "Verminderen van afvalproblematiek")
    assert f"{between}{afval}" in meeuwen
