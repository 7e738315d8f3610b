"""The poster's situation phrases stay recognisable on the site (the mission: texts are ours, in
plain Dutch, but a resident who read the printed routekaart finds its phrases again)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "sterk-voor-noord-monitor-2023-2024.txt"


def poster_phrases() -> list[str]:
    """The routekaart's situation phrases as the seed prints them: the blocks between the
    poster's question and the first desk, and the two that follow the web address."""
    seed = SEED.read_text(encoding="utf-8")
    question = "Waar kan ik heen?"
    block = seed[seed.index(question) + len(question) : seed.index("Kredietbank Nederland")]
    address = "www.sterkvoornoord.nl/geldzaken"
    tail = seed[seed.index(address) + len(address) : seed.index("English")]
    return [
        re.sub(r"\s+", " ", part).strip().rstrip(".")
        for part in re.split(r"\n\s*\n", block + "\n\n" + tail)
        if part.strip()
    ]


def labels() -> list[str]:
    tree = yaml.safe_load((ROOT / "content" / "routekaart.yaml").read_text(encoding="utf-8"))
    return [
        option["label"]["nl"].rstrip(".")
        for node in tree["nodes"].values()
        for option in node.get("options", [])
    ]


def test_the_seed_holds_the_eighteen_phrases():
    phrases = poster_phrases()
    assert len(phrases) == 18
    assert phrases[0] == "Help! Ik heb nu direct hulp nodig"


def test_every_poster_phrase_is_an_answer_on_the_site_word_for_word_or_nearly():
    known = labels()
    for phrase in poster_phrases():
        closest = max(known, key=lambda label: difflib.SequenceMatcher(None, phrase, label).ratio())
        ratio = difflib.SequenceMatcher(None, phrase, closest).ratio()
        assert ratio >= 0.75, (phrase, closest, round(ratio, 2))


def test_the_urgent_and_the_young_first_answers_are_the_posters_own_words():
    known = set(labels())
    for phrase in poster_phrases():
        if phrase.startswith(("Help!", "Ik ben jong")):
            assert phrase in known
