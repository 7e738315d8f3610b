"""A language added as data works through the nginx front too, with no change to deploy/.

The nginx configuration names no language: its limits match any language address (2 or 3
letters, as the app's), and the language of the pages it shows by itself comes from the map
``routekaart front-pages`` writes from ``content/languages.yaml`` beside those pages. The proof:
the pseudo-Turkish site of tests/test_languages_as_data.py behind the documented nginx.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import servers
from catalogs import msgstr
from test_languages_as_data import _site_with_turkish
from test_nginx import burst, fetch, raw

from routekaart import ROOT
from routekaart.content import languages
from routekaart.web.front import nginx_language_map

pytestmark = pytest.mark.nginx


@pytest.fixture(autouse=True)
def _site_languages_back():
    """Writing the pages of the Turkish copy changes the site's languages: put them back."""
    yield
    languages.use(languages._bundled())


def turkish(msgid: str) -> str:
    """``msgid`` as the pseudo-Turkish catalog says it: the Dutch text behind a marker."""
    return "[tr] " + msgstr("nl", msgid)


@pytest.fixture
def site():
    """The pseudo-Turkish copy, in a folder nginx's workers may read."""
    folder = Path(tempfile.mkdtemp(prefix="routekaart-tr-"))
    folder.chmod(0o755)
    _site_with_turkish(folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_language_added_as_data_gets_nginxs_limits_and_pages_in_it(site):
    config = {"BABEL_TRANSLATION_DIRECTORIES": str(site / "translations")}
    app = servers.start_app(site, content=site / "content", config=config, behind_front=True)
    pages = {"CONTENT_DIR": str(site / "content"), **config}
    front = None
    try:
        front = servers.start_front(app.port, pages_config=pages)
        page = fetch(front, "/tr/direct/huis-uit")
        assert page.status == 200 and '<html lang="tr"' in page.text

        # The search's limit holds for /tr/ as for /nl/, with the refusal page in Turkish.
        answers = burst(front, "/tr/partners?q=schuld")
        refused = [a for a in answers if a.status == 429]
        assert answers[0].status == 200 and refused
        assert all(turkish("Too busy for a moment") in a.text for a in refused)

        # A request nginx cannot read: its 400 page in the address's language.
        answer = raw(front.http_port, b"GET /tr/ HTTP/1.1\r\n\r\n").decode()
        assert answer.startswith("HTTP/1.1 400 ") and '<html lang="tr"' in answer
        assert turkish("The web address has a mistake in it.") in answer

        # No app server: the page from disk, in Turkish (for a page nginx has not cached).
        servers.stop(app.process)
        down = fetch(front, "/tr/direct/deurwaarder")
        assert down.status == 502 and '<html lang="tr"' in down.text
        assert turkish("The website is being updated. Please try again in a few minutes.") in (
            down.text
        )
        # An address in a language that is not live: Dutch, the site's default.
        other = fetch(front, "/pl/direct/huis-uit")
        assert other.status == 502 and '<html lang="nl"' in other.text
    finally:
        servers.stop(app.process)
        if front is not None:
            servers.stop(front.process)
            shutil.rmtree(front.prefix, ignore_errors=True)


def test_the_nginx_configuration_names_no_language():
    deploy = ROOT / "deploy" / "nginx"
    for path in deploy.glob("*.conf"):
        text = path.read_text()
        for code in ("nl", "en", "ar"):
            assert f"({code}|" not in text and f"|{code})" not in text, path


def test_the_language_map_lists_the_live_languages_dutch_by_default():
    text = nginx_language_map(["nl", "en", "ar", "tr"])
    assert '"~^/(?<lang>nl|en|ar|tr)/" $lang;' in text
    assert "default nl;" in text
    with pytest.raises(ValueError):
        nginx_language_map(["nl", 'x" $lang; } server { '])


def test_front_pages_writes_the_map_beside_the_pages(tmp_path):
    from click.testing import CliRunner

    from routekaart.cli import main

    result = CliRunner().invoke(main, ["front-pages", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'languages.conf'}" in result.output
    written = (tmp_path / "languages.conf").read_text()
    assert written == nginx_language_map(["nl", "en", "ar"])
    for lang in ("nl", "en", "ar"):
        assert (tmp_path / lang / "down.html").exists()
