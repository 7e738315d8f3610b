"""The build backend: setuptools' own, plus the gettext catalogs compiled at build time.

``pip install .`` and ``pip wheel .`` build the package through this module (pyproject.toml's
``build-backend``). Before setuptools builds, every ``translations/*/LC_MESSAGES/messages.po``
is compiled to its ``messages.mo``: a checkout installed without ``scripts/setup`` would
otherwise serve English on Dutch pages (the app refuses to start without them since issue
24, but it should never come to that). Babel is a build requirement for this.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (every hook setuptools defines)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def compile_catalogs() -> list[Path]:
    """Compile each ``messages.po`` under ``translations/`` next to itself (no fuzzy ones)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(po.with_suffix(".mo"))
    return written


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    compile_catalogs()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    compile_catalogs()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
