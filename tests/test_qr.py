"""QR codes scan to exactly the public address, and the site works mounted under a sub-path."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from routekaart import create_app
from routekaart.cli import main
from routekaart.domain import engine, qr
from routekaart.ops.store import current_content
from routekaart.web.mount import public_link, public_url
from routekaart.web.poster import finder_url
from routekaart.web.printing import PosterError, qr_url, write_qr

PUBLIC = "https://www.sterkvoornoord.nl/geldzaken"


def decode_array(pixels: np.ndarray) -> list[zxingcpp.Result]:
    """Every QR code zxing-cpp finds in a greyscale image (0 black, 255 white)."""
    return [r for r in zxingcpp.read_barcodes(pixels) if r.format == zxingcpp.BarcodeFormat.QRCode]


def svg_modules(markup: str) -> np.ndarray:
    """Read the module grid back out of our SVG's path of runs (True is dark)."""
    n = int(re.search(r'viewBox="0 0 (\d+) \1"', markup)[1])
    grid = np.zeros((n, n), dtype=bool)
    path = re.search(r'<path d="([^"]+)"', markup)[1]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path):
        grid[int(y), int(x) : int(x) + int(w)] = True
    return grid


def decode_svg(markup: str) -> list[zxingcpp.Result]:
    """Render the SVG's modules at 8 pixels each and decode them."""
    pixels = np.where(svg_modules(markup), 0, 255).astype(np.uint8)
    return decode_array(np.kron(pixels, np.ones((8, 8), dtype=np.uint8)))


def decode_png(data: bytes) -> list[zxingcpp.Result]:
    """Decode a PNG file's QR codes."""
    return decode_array(np.array(Image.open(io.BytesIO(data)).convert("L")))


URLS = [
    "https://www.sterkvoornoord.nl/geldzaken/nl/",
    "https://www.sterkvoornoord.nl/geldzaken/ar/jong/schulden/18-tot-27?bron=tuinkamer",
    "http://127.0.0.1:5000/en/direct/huis-uit",
]


# --- the images --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_svg_scans_to_the_url_with_error_correction_m(url):
    found = decode_svg(qr.svg(url))
    assert [r.text for r in found] == [url]
    assert found[0].ec_level == "M"


@pytest.mark.parametrize("url", URLS)
def test_png_scans_to_the_url_with_error_correction_m(url):
    data = qr.png(url, scale=6)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    found = decode_png(data)
    assert [r.text for r in found] == [url]
    assert found[0].ec_level == "M"


def test_every_code_has_a_quiet_zone_of_four_white_modules():
    grid = svg_modules(qr.svg(URLS[1]))
    assert np.array_equal(grid, np.array(qr.matrix(URLS[1])))
    assert not grid[:4].any() and not grid[-4:].any()
    assert not grid[:, :4].any() and not grid[:, -4:].any()
    # The three finder patterns start right inside the quiet zone.
    assert grid[4, 4] and grid[4, -5] and grid[-5, 4]
    pixels = np.array(Image.open(io.BytesIO(qr.png(URLS[1], scale=5))).convert("L"))
    assert (pixels[: 4 * 5] == 255).all() and (pixels[:, -4 * 5 :] == 255).all()
    assert pixels.shape == (grid.shape[0] * 5, grid.shape[1] * 5)


def test_svg_has_an_accessible_name_only_when_given_and_no_fixed_id():
    labelled = qr.svg("https://example.nl/", title='Route "finder" <nl>')
    assert 'role="img" aria-label="Route &#34;finder&#34; &lt;nl&gt;"' in labelled
    assert 'aria-hidden="true"' in qr.svg("https://example.nl/")
    assert " id=" not in labelled  # several codes share a page


def test_png_refuses_silly_scales():
    with pytest.raises(ValueError):
        qr.png("x", scale=0)
    with pytest.raises(ValueError):
        qr.png("x", scale=500)


# --- the public address and the mount point ---------------------------------------------------


def test_public_url_defaults_to_the_local_server(app):
    with app.app_context():
        assert public_url("/nl/") == "http://127.0.0.1:5000/nl/"
        assert public_link("web.finder", lang="ar", path="direct") == (
            "http://127.0.0.1:5000/ar/direct"
        )


def test_public_url_carries_the_sub_path():
    app = create_app({"TESTING": True, "PUBLIC_URL": PUBLIC + "/"})
    with app.test_request_context("/nl/", base_url="http://10.0.0.5:8000"):
        # Never the host the request came in on.
        assert public_url("nl/") == PUBLIC + "/nl/"
        assert finder_url("en", "direct/huis-uit", "tuinkamer") == (
            PUBLIC + "/en/direct/huis-uit?bron=tuinkamer"
        )


@pytest.mark.parametrize(
    "bad", ["www.sterkvoornoord.nl", "ftp://example.nl/", "https://example.nl/?x=1", "https://"]
)
def test_a_malformed_public_url_stops_the_app_at_start(bad):
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        create_app({"TESTING": True, "PUBLIC_URL": bad})


@pytest.fixture
def mounted():
    """The app configured to live under /geldzaken."""
    return create_app({"TESTING": True, "PUBLIC_URL": PUBLIC})


@pytest.mark.parametrize("path", ["/geldzaken/nl/", "/nl/"])  # proxy passes or strips the prefix
def test_mounted_pages_link_under_the_prefix(mounted, path):
    response = mounted.test_client().get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'href="/geldzaken/static/app\.css\?v=\w+"', html)
    assert 'src="/geldzaken/static/vendor/htmx-' in html
    assert 'href="/geldzaken/nl/toegankelijkheid"' in html
    assert 'href="/geldzaken/nl/direct#question"' in html
    assert not re.search(r'(href|src|action)="/(nl|en|ar|static)/', html)


def test_mounted_root_redirects_and_static_files_are_served(mounted):
    client = mounted.test_client()
    response = client.get("/geldzaken/", headers={"Accept-Language": "ar"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/geldzaken/ar/"
    css = client.get("/geldzaken/static/app.css")
    assert css.status_code == 200 and b"--accent" in css.data
    assert client.get("/geldzaken/nl/direct/huis-uit").status_code == 200


def test_the_app_works_inside_a_dispatcher_under_geldzaken(mounted):
    outer = DispatcherMiddleware(NotFound(), {"/geldzaken": mounted.wsgi_app})
    client = Client(outer)
    response = client.get("/geldzaken/en/poster")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/geldzaken/static/poster.css?v=' in html
    assert f'data-url="{PUBLIC}/en/"' in html
    assert client.get("/en/poster").status_code == 404  # only the mount point is ours


# --- QR images of steps -----------------------------------------------------------------------


def every_path(app) -> list[str]:
    """Every question and result path of the bundled routekaart."""
    with app.app_context():
        tree = current_content().tree
    paths = {""}
    for conversation in engine.results(tree):
        for i in range(1, len(conversation.path) + 1):
            paths.add("/".join(conversation.path[:i]))
    return sorted(paths)


def test_every_step_has_a_qr_code_that_opens_exactly_that_step(mounted):
    client = mounted.test_client()
    paths = every_path(mounted)
    assert len(paths) > 20
    for path in paths:
        for lang in ("nl", "en", "ar"):
            response = client.get(f"/{lang}/qr.svg", query_string={"path": path})
            assert response.status_code == 200, path
            assert response.mimetype == "image/svg+xml"
            expected = f"{PUBLIC}/{lang}/{path}" if path else f"{PUBLIC}/{lang}/"
            assert [r.text for r in decode_svg(response.get_data(as_text=True))] == [expected]


def test_png_qr_of_a_result_with_a_source_tag(client):
    response = client.get("/ar/qr.png?path=direct/huis-uit/&bron=bibliotheek")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "routekaart-ar-direct-huis-uit" in response.headers["Content-Disposition"]
    assert [r.text for r in decode_png(response.data)] == [
        "http://127.0.0.1:5000/ar/direct/huis-uit?bron=bibliotheek"
    ]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("path=direct/verzonnen", 404),
        ("path=direct/huis-uit/meer", 404),
        ("path=Direct!", 400),
        ("path=direct&bron=onbekend", 400),
        ("path=direct&bron=tuinkamer&bron=school", 400),
    ],
)
def test_qr_of_a_step_that_does_not_exist_is_refused(client, query, status):
    for kind in ("svg", "png"):
        response = client.get(f"/nl/qr.{kind}?{query}")
        assert response.status_code == status
        assert response.mimetype == "text/html"
        assert b"qr-code" not in response.data  # a friendly page, no code at all


# --- staff: routekaart qr ---------------------------------------------------------------------


def test_qr_url_for_paths_and_full_urls(mounted):
    assert qr_url(mounted, "nl/direct/huis-uit") == PUBLIC + "/nl/direct/huis-uit"
    assert qr_url(mounted, "/geldzaken/en/poster", "school") == PUBLIC + "/en/poster?bron=school"
    assert qr_url(mounted, "https://www.sterkvoornoord.nl/geldzaken") == (
        "https://www.sterkvoornoord.nl/geldzaken"
    )
    for target, source, message in [
        ("nl/direct/verzonnen", None, "404"),
        ("nl/", "onbekend", "unknown source tag"),
        ("https://example.nl/", "school", "only with a path"),
        ("nl/?bron=school", None, "without"),
    ]:
        with pytest.raises(PosterError, match=message):
            qr_url(mounted, target, source)


def test_write_qr_picks_the_format_from_the_file_name(mounted, tmp_path):
    url = write_qr(mounted, "ar/binnenkort", tmp_path / "code.PNG", "krantje")
    assert url == PUBLIC + "/ar/binnenkort?bron=krantje"
    assert [r.text for r in decode_png((tmp_path / "code.PNG").read_bytes())] == [url]
    write_qr(mounted, "ar/binnenkort", tmp_path / "code.svg")
    svg_text = (tmp_path / "code.svg").read_text()
    assert [r.text for r in decode_svg(svg_text)] == [PUBLIC + "/ar/binnenkort"]
    with pytest.raises(PosterError, match=".svg or .png"):
        write_qr(mounted, "nl/", tmp_path / "code.jpg")


def test_qr_command(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTEKAART_PUBLIC_URL", PUBLIC)
    runner = CliRunner()
    out = tmp_path / "huis-uit.png"
    result = runner.invoke(
        main, ["qr", "nl/direct/huis-uit", "--out", str(out), "--source", "tuinkamer"]
    )
    assert result.exit_code == 0, result.output
    assert [r.text for r in decode_png(out.read_bytes())] == [
        PUBLIC + "/nl/direct/huis-uit?bron=tuinkamer"
    ]
    refused = runner.invoke(main, ["qr", "nl/", "--out", str(tmp_path / "x.svg"), "--source", "x"])
    assert refused.exit_code == 1
    assert "unknown source tag 'x'" in refused.output
    assert not (tmp_path / "x.svg").exists()
