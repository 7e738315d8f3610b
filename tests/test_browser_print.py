"""The printed poster in Chromium, measured: A4 and A3 in three languages, rendered to PNG.

Each render is a print-media screenshot of the page's printable area at 96 px per inch (A4:
190 × 277 mm inside 10 mm margins; A3: 269 × 392 mm inside 14 mm), saved in test-artifacts/
for a person to look at. On it: nothing breaks inside a web or e-mail address, a name or a
time range; the title never ends with one word alone; the poster fills the page with its QR
section; every QR code scans; and in Arabic the Latin runs read left to right with the Arabic
punctuation on their left.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LANGS = ("nl", "en", "ar")
MM = 96 / 25.4
# The printable area of each sheet, in CSS px: paper less the margins of poster.css.
AREA = {
    "a4": (round((210 - 20) * MM), round((297 - 20) * MM)),
    "a3": (round((297 - 28) * MM), round((420 - 28) * MM)),
}

# Every character of ``needle`` (found across the text nodes under ``root``) with its box.
CHAR_BOXES = """
([root, needle]) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = text.indexOf(needle);
  if (at < 0) return null;
  const boxes = [];
  for (let i = at; i < at + needle.length; i++) {
    const [node, start] = nodes.filter(([, s]) => s <= i).pop();
    const range = document.createRange();
    range.setStart(node, i - start);
    range.setEnd(node, i - start + 1);
    const r = range.getBoundingClientRect();
    boxes.push({ch: text[i], left: r.left, right: r.right, top: Math.round(r.top)});
  }
  return boxes;
}
"""

# The lines of an element's text: the words on each line box, top to bottom.
LINES = """
(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = new Map();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      if (!r.width) continue;
      const top = Math.round(r.top);
      lines.set(top, (lines.get(top) || "") + node.data[i]);
    }
  }
  return [...lines.keys()].sort((a, b) => a - b).map(k => lines.get(k).trim());
}
"""


@pytest.fixture(scope="module")
def sheet(browser, public_server):
    """``sheet(size, lang, at=None)``: the poster printed on that sheet, as a Playwright page."""
    contexts = []

    def open_sheet(size: str, lang: str, at: str | None = None):
        width, height = AREA[size]
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=2
        )
        contexts.append(context)
        page = context.new_page()
        page.emulate_media(media="print")
        query = f"?size={size}" + (f"&at={at}" if at else "")
        response = page.goto(f"{public_server}/{lang}/poster{query}")
        assert response.status == 200
        return page

    yield open_sheet
    for context in contexts:
        context.close()


def scan(png: bytes) -> list[str]:
    """The texts of the QR codes in a screenshot."""
    pixels = np.array(Image.open(io.BytesIO(png)).convert("L"))
    return sorted(r.text for r in zxingcpp.read_barcodes(pixels) if r.format.name == "QRCode")


@pytest.mark.parametrize("size", ["a4", "a3"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_poster_fills_one_sheet_and_every_code_scans(sheet, size, lang):
    page = sheet(size, lang)
    width, height = AREA[size]
    ARTIFACTS.mkdir(exist_ok=True)
    png = page.screenshot(path=str(ARTIFACTS / f"poster-{size}-{lang}.png"), full_page=True)
    # Nothing sticks out sideways or below the printable area (that would be a second page).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.documentElement.scrollHeight") <= height
    # The free space is used: the footer ends at the bottom of the sheet, and the main code
    # has grown from its screen size (11em) as far as that space allows (at most 22em).
    foot = page.locator(".p-foot").bounding_box()
    em = page.locator(".p-qr-main").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    qr = page.locator(".p-qr-main svg").bounding_box()
    assert height - (foot["y"] + foot["height"]) < em
    assert 11 * em <= qr["width"] <= 22 * em + 1
    assert qr["width"] > 11.5 * em, "the main QR code did not grow into the free space"
    public = "https://www.sterkvoornoord.nl"
    assert scan(png) == sorted(f"{public}/{other}/" for other in LANGS)


@pytest.mark.parametrize("size", ["a4", "a3"])
@pytest.mark.parametrize("lang", LANGS)
def test_nothing_breaks_inside_an_address_a_name_or_a_time(sheet, size, lang):
    page = sheet(size, lang)
    # An isolate without parts (a time range, phone number, name) is one box on one line; an
    # address or a name of parts breaks only between its spans (at a <wbr> or after a comma).
    whole = page.locator(".poster bdi[dir=ltr]:not(.parts), .poster bdi.parts > span")
    broken = whole.evaluate_all(
        "els => els.filter(e => e.getClientRects().length !== 1).map(e => e.textContent)"
    )
    assert broken == []
    assert whole.count() > 20
    # The e-mail and web addresses are all there, each as parts.
    addresses = page.locator(".p-contact bdi.parts").all_text_contents()
    assert "leidschendam-voorburg@kbnl.nl" in addresses
    assert "www.schuldhulpmaatje.nl/leidschendam-voorburg" in addresses


@pytest.mark.parametrize("size", ["a4", "a3"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_title_never_ends_with_one_word_alone(sheet, size, lang):
    page = sheet(size, lang)
    lines = page.locator(".poster h1").evaluate(LINES)
    assert lines, "the title has no lines"
    assert len(lines[-1].split()) >= 2, lines


def test_the_poster_of_2024_with_six_desks_still_fits_and_its_codes_scan(sheet):
    page = sheet("a4", "ar", at="2024-06-03")
    width, height = AREA["a4"]
    assert page.locator(".p-org").count() == 6
    assert page.evaluate("document.documentElement.scrollHeight") <= height
    png = page.screenshot(path=str(ARTIFACTS / "poster-a4-ar-2024.png"), full_page=True)
    assert len(scan(png)) == 3


def boxes(page, root: str, needle: str) -> list[dict]:
    """The boxes of the characters of ``needle`` inside the first ``root`` that holds it."""
    for element in page.locator(root).element_handles():
        found = page.evaluate(CHAR_BOXES, [element, needle])
        if found:
            return found
    raise AssertionError(f"{needle!r} not found in {root}")


def assert_reads_left_to_right(found: list[dict]) -> None:
    """On each line, the characters of a Latin run go from left to right in reading order."""
    for before, after in zip(found, found[1:], strict=False):
        if before["top"] == after["top"] and before["ch"] != " " and after["ch"] != " ":
            assert before["left"] < after["left"], (before, after, found)


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_on_the_arabic_poster_the_arabic_comma_follows_each_name_on_its_left(sheet, size):
    page = sheet(size, "ar")
    for name, after in [
        ("Bibliotheek aan de Vliet", "، "),
        ("Sporthal de Fluit", "، "),
    ]:
        found = boxes(page, ".p-where", name + after)
        assert_reads_left_to_right(found[: len(name)])
        last, comma = found[len(name) - 1], found[len(name)]
        assert comma["ch"] == "،"
        # The comma comes after the name in Arabic reading order: on the same line, on the
        # name's left ("،Vliet"), never on its right ("Vliet،" reads ",Bibliotheek").
        assert last["top"] == comma["top"], (last, comma)
        assert comma["right"] <= last["left"] + 0.5, (last, comma)
    # The street that follows reads left to right too, and starts left of the comma.
    street = boxes(page, ".p-where", "، Burgemeester Kolfschotenlaan")
    assert_reads_left_to_right(street[2:])
    if street[0]["top"] == street[-1]["top"]:
        assert street[-1]["right"] <= street[0]["left"] + 0.5


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/ar/monitor/jeugd-onderwijs-jongeren", "VE+"),
        ("/ar/monitor/fijn-en-veilig-wonen", "Doe Mee!"),
        ("/ar/monitor", "’t Krantje"),
    ],
)
def test_on_the_arabic_monitor_a_name_keeps_its_own_punctuation(browser, live_server, path, needle):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(live_server + path)
    found = boxes(page, "main h3, main p, main li", needle)
    # "VE+" not "+VE", "Doe Mee!" not "!Doe Mee", "’t Krantje" not "t Krantje’": all on one
    # line, left to right.
    assert len({box["top"] for box in found}) == 1, found
    assert_reads_left_to_right(found)
    assert found[0]["left"] < found[-1]["left"]
    page.close()
