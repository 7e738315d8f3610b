"""Latin names, addresses and times inside Arabic text are isolated left-to-right, whole."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from routekaart.domain.typeset import isolate_latin, list_comma, ltr
from tests.isolates import without_isolates


@pytest.mark.parametrize(
    ("text", "run"),
    [
        # The punctuation at the edge of a name belongs to the name, not to the Arabic around it.
        ("مجموعات VE+: مساعدة إضافية", "VE+"),
        ("أسابيع Doe Mee! في الصيف", "Doe Mee!"),
        ("إعلانات في ’t Krantje.", "’t Krantje"),
        ("يساعدك (Kredietbank) إذا", "(Kredietbank)"),
        ("اتصل على (070) 300 88 34 اليوم", "(070) 300 88 34"),
        # A sentence's own full stop, colon or exclamation mark stays Arabic.
        ("المدخل في شارع Burgemeester Kolfschotenlaan.", "Burgemeester Kolfschotenlaan"),
        ("De Tuinkamer van Noord: مكان للقاء", "De Tuinkamer van Noord"),
        ("اتصل بـ Kredietbank!", "Kredietbank"),
        # A bracket without its partner stays outside.
        ("Bibliotheek aan de Vliet (المكتبة)", "Bibliotheek aan de Vliet"),
    ],
)
def test_a_latin_run_in_arabic_is_one_isolate_with_its_own_punctuation(text, run):
    html = str(isolate_latin(text))
    found = re.findall(r'<bdi dir="ltr"( lang="nl")?>(.*?)</bdi>', html)
    assert [r for _, r in found] == [str(Markup.escape(run))]
    # Words are Dutch (a screen reader switches voice); a phone number is read in Arabic.
    assert [bool(lang) for lang, _ in found] == [bool(re.search("[A-Za-z]", run))]
    assert without_isolates(html) == str(Markup.escape(text))


def test_text_is_escaped_before_it_is_wrapped():
    html = isolate_latin('أنا <script>alert("x")</script> & Kredietbank')
    assert "<script>" not in html
    assert "&lt;" in html and "&amp;" in html
    assert '<bdi dir="ltr" lang="nl">Kredietbank</bdi>' in html


def test_markup_keeps_its_tags_and_is_not_wrapped_twice():
    html = isolate_latin(Markup('مفتوح حتى <bdi dir="ltr">12:00</bdi> في PING &amp; Co'))
    assert html == Markup(
        'مفتوح حتى <bdi dir="ltr">12:00</bdi> في <bdi dir="ltr" lang="nl">PING &amp; Co</bdi>'
    )


def test_arabic_without_latin_is_unchanged():
    assert isolate_latin("أنا شاب وأحتاج إلى مساعدة.") == "أنا شاب وأحتاج إلى مساعدة."


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        (
            "www.schuldhulpmaatje.nl/leidschendam-voorburg",
            ["www", ".schuldhulpmaatje", ".nl/", "leidschendam-voorburg"],
        ),
        ("leidschendam-voorburg@kbnl.nl", ["leidschendam-voorburg", "@kbnl", ".nl"]),
        ("https://x.nl/a", ["https://", "x", ".nl/", "a"]),
    ],
)
def test_a_web_or_mail_address_breaks_only_after_slash_and_before_dot_and_at(address, parts):
    html = str(ltr(address))
    assert html.startswith('<bdi dir="ltr" class="parts">')
    # Every part is a nowrap span; the only break opportunities are the <wbr>s between them.
    assert html.count("<wbr>") == len(parts) - 1
    assert re.findall(r"<span>(.*?)</span>", html) == parts


def test_a_name_of_parts_breaks_only_after_its_commas():
    html = str(ltr("Tuinkamer van Noord, Sporthal de Fluit"))
    assert html == (
        '<bdi dir="ltr" class="parts"><span>Tuinkamer van Noord,</span> '
        "<span>Sporthal de Fluit</span></bdi>"
    )
    assert str(ltr("Kredietbank Nederland")) == '<bdi dir="ltr">Kredietbank Nederland</bdi>'


def test_lists_and_addresses_use_the_arabic_comma_in_arabic():
    assert list_comma("ar") == "، "
    assert list_comma("nl") == list_comma("en") == ", "


def test_the_arabic_poster_isolates_names_addresses_and_joins_them_with_the_arabic_comma(client):
    html = client.get("/ar/poster").get_data(as_text=True)
    assert (
        '<bdi dir="ltr" lang="nl">Bibliotheek aan de Vliet</bdi>، '
        '<bdi dir="ltr" lang="nl">Fluitpolderplein 5</bdi>' in html
    )
    # A name of parts is joined with the Arabic comma too, as the rest of the line (issue #26, the
    # language editor: no Latin comma among Arabic punctuation).
    assert (
        '<bdi dir="ltr" lang="nl">Tuinkamer van Noord</bdi>، '
        '<bdi dir="ltr" lang="nl">Sporthal de Fluit</bdi>، '
        '<bdi dir="ltr" lang="nl">Burgemeester Kolfschotenlaan</bdi>'
    ) in html
    # Who can help: each name whole, the dot after it held on by a no-break space.
    assert '<bdi dir="ltr" lang="nl">Jongeren Perspectief Fonds</bdi>&nbsp;· ' in html


@pytest.mark.parametrize(
    ("path", "run"),
    [
        ("/ar/monitor/jeugd-onderwijs-jongeren", "VE+"),
        ("/ar/monitor/fijn-en-veilig-wonen", "Doe Mee! Weken"),
        ("/ar/monitor", "’t Krantje"),
        ("/ar/binnenkort/rondkomen", "Ooievaarspas"),
        ("/ar/partners", "Jongerenadviespunt (JAP)"),
        ("/ar/organisatie/ping-loket", "PING-loket"),
    ],
)
def test_arabic_pages_isolate_latin_runs_from_the_content(client, path, run):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<bdi dir="ltr" lang="nl">{run}</bdi>' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/nl/monitor", "/en/partners", "/nl/binnenkort/rondkomen"])
def test_left_to_right_pages_leave_content_text_alone(client, path):
    html = client.get(path).get_data(as_text=True)
    assert '<bdi dir="ltr" lang="nl">VE+</bdi>' not in html
    assert '<bdi dir="ltr" lang="nl">Ooievaarspas</bdi>' not in html
    assert '<bdi dir="ltr">(Kredietbank)</bdi>' not in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_web_address_in_a_left_to_right_sentence_breaks_only_where_it_may(client, lang):
    # "www.sterkvoornoord.nl/geldzak|en." broke in the middle of a word at 360 px.
    html = client.get(f"/{lang}/iets-anders").get_data(as_text=True)
    advice = html.split('class="bubble bot advice', 1)[1].split("</p>", 1)[0]
    assert (
        '<bdi dir="ltr" class="parts"><span>www</span><wbr><span>.sterkvoornoord</span><wbr>'
        "<span>.nl/</span><wbr><span>geldzaken</span></bdi>."
    ) in advice
