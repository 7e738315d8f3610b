"""Issue #26: a counted number takes the noun form Arabic grammar gives it ("400 يوم", "30 يومًا",
"يومان"), through ngettext and the catalog's six plural forms, never one fixed form."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEEP = "We keep the counts per day for %(num)s day. After that we add them up per month and delete the counts per day."  # noqa: E501
KEEP_PLURAL = KEEP.replace("%(num)s day.", "%(num)s days.")
YEARS = ("Main aim for the next %(num)s year:", "Main aim for the next %(num)s years:")


def catalog(lang: str) -> gettext.GNUTranslations:
    """The catalog as the site reads it (compiled in memory from the committed .po)."""
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        po = read_po(f, locale=lang)
    out = io.BytesIO()
    write_mo(out, po, use_fuzzy=False)
    out.seek(0)
    return gettext.GNUTranslations(out)


def test_the_arabic_catalog_has_six_plural_forms():
    with (ROOT / "translations" / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        po = read_po(f, locale="ar")
    assert po.num_plurals == 6
    plural = [m for m in po if m.id and isinstance(m.id, tuple)]
    assert plural and all(len(m.string) == 6 and all(m.string) for m in plural)


@pytest.mark.parametrize(
    ("n", "words"),
    [(400, "400 يوم."), (365, "365 يومًا."), (30, "30 يومًا."), (5, "5 أيام."), (2, "يومين."),
     (1, "يوم واحد.")],
)  # fmt: skip
def test_days_are_counted_as_arabic_counts_them(n, words):
    text = catalog("ar").ngettext(KEEP, KEEP_PLURAL, n) % {"num": n}
    assert words in text, text


def test_a_count_of_years_says_sana_as_everywhere_else():
    text = catalog("ar").ngettext(*YEARS, 20) % {"num": 20}
    assert "20 سنة" in text and "عامًا" not in text


def test_english_and_dutch_still_say_one_and_many():
    en, nl = catalog("en"), catalog("nl")
    assert "for 1 day." in en.ngettext(KEEP, KEEP_PLURAL, 1) % {"num": 1}
    assert "for 400 days." in en.ngettext(KEEP, KEEP_PLURAL, 400) % {"num": 400}
    assert "400 dagen" in nl.ngettext(KEEP, KEEP_PLURAL, 400) % {"num": 400}


SOURCE_NOTE = (
    "This information dates from %(year)s. The organisation hasn’t confirmed all of it yet, so "
    "check first.",
    "This information dates from %(year)s. The organisations haven’t confirmed all of it yet, so "
    "check first.",
)


@pytest.mark.parametrize(
    ("n", "who"), [(1, "ولم تؤكد الجهة "), (2, "ولم تؤكد الجهتان "), (3, "ولم تؤكد الجهات ")]
)
def test_the_slips_source_note_says_one_two_or_more_organisations_in_arabic(n, who):
    """Read 12, Arabic 4: a slip for two desks said «هل المكتبان مفتوحان … ولم تؤكد الجهات»,
    the dual and then the plural for the same two."""
    said = catalog("ar").ngettext(*SOURCE_NOTE, n) % {"year": 2025}
    assert who in said


def test_the_source_note_is_counted_on_the_page(app):
    from routekaart.ops.store import current_content
    from routekaart.web.sources_wording import source_note

    with app.test_request_context("/ar/"):
        content = current_content()
        two = source_note(content, ["kredietbank", "ping-loket"])
    assert "الجهتان" in two
