"""The gettext catalogs in ``translations/``: extract, update, compile and check."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from routekaart import ROOT
from routekaart.content.languages import LANGUAGES

CATALOGS = ROOT / "translations"
TEMPLATE = CATALOGS / "messages.pot"


def _po(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / "messages.po"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract() -> None:
    """Collect every interface string from the code and templates into ``messages.pot``."""
    _pybabel(
        "-q", "extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
        "-w", "100", "-o", str(TEMPLATE), "routekaart", "templates",
    )  # fmt: skip


def update() -> None:
    """Merge new strings from ``messages.pot`` into each language's catalog."""
    for lang in LANGUAGES.configured:
        action = "update" if _po(lang).exists() else "init"
        _pybabel("-q", action, "-i", str(TEMPLATE), "-d", str(CATALOGS), "-l", lang, "-w", "100")


def _compiled(po: Path, lang: str) -> bytes:
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all(folder: Path = CATALOGS) -> list[Path]:
    """Compile every ``.po`` to ``.mo`` (done at build and install time, by ``scripts/setup``
    and by the build backend; ``.mo`` files are not committed)."""
    written = []
    for lang in LANGUAGES.configured:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        mo.write_bytes(_compiled(po, lang))
        written.append(mo)
    return written


def stale(folder: Path = CATALOGS) -> list[str]:
    """What is wrong with the compiled catalogs in ``folder``: a ``.mo`` missing, or older
    than its ``.po`` and different from what it compiles to (a checkout may write the two
    files in any order). Empty when the site can serve every language."""
    found = []
    for lang in LANGUAGES:
        po = folder / lang / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        name = f"{lang}/LC_MESSAGES/messages.mo"
        if not mo.exists():
            found.append(f"{name} is missing")
        elif (
            po.exists()
            and mo.stat().st_mtime < po.stat().st_mtime
            and mo.read_bytes() != _compiled(po, lang)
        ):
            found.append(f"{name} is older than messages.po")
    return found


def refusal(folder: Path = CATALOGS) -> str | None:
    """The one line that says why the site does not start with these catalogs, or None."""
    problems_found = stale(folder)
    if not problems_found:
        return None
    return (
        f"the compiled translations in {folder} are not up to date ({'; '.join(problems_found)}):"
        " run `.venv/bin/routekaart translations compile` (bash scripts/setup does it) and"
        " start again; without them Dutch and Arabic pages would show English"
    )


def problems() -> list[str]:
    """Every untranslated or fuzzy entry, and strings in the code missing from a catalog."""
    found = []
    template_ids: set[str] = set()
    if TEMPLATE.exists():
        with TEMPLATE.open("rb") as f:
            template_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for lang in LANGUAGES.configured:
        po = _po(lang)
        if not po.exists():
            found.append(f"{po.relative_to(ROOT)}: missing catalog")
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        ids = set()
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            ids.add(key)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{po.relative_to(ROOT)}: untranslated: {key!r}")
            if message.fuzzy:
                found.append(f"{po.relative_to(ROOT)}: fuzzy: {key!r}")
        for key in sorted(template_ids - ids):
            found.append(f"{po.relative_to(ROOT)}: not in catalog: {key!r}")
    return found


def completeness(lang: str, folder: Path = CATALOGS) -> tuple[int, int]:
    """How many interface entries of ``lang``'s catalog are translated (and not fuzzy), of
    how many in the template ``messages.pot``; (0, n) without a catalog."""
    with (folder / "messages.pot").open("rb") as f:
        wanted = {_key(m) for m in read_po(f) if m.id}
    po = folder / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return 0, len(wanted)
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    done = 0
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and _key(message) in wanted and all(strings) and not message.fuzzy:
            done += 1
    return done, len(wanted)


def _key(message) -> tuple[str | None, str]:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])
