"""The partners' search: which situations and desks match a few words, in Dutch and the
partner's language, with the text box's matcher for what residents call a situation.

Pure: the content and the day come in, a :class:`Found` goes out; the referral guide's views
(:mod:`routekaart.web.partners`) keep the results per search.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from routekaart.content.model import Organisation, Recommendation
from routekaart.domain import engine, matcher

# A search is a few words; anything longer is cut, never an error (a pasted paragraph is fine).
MAX_QUERY = 100
MAX_WORDS = 8


def normalise(text: str) -> str:
    """Text for forgiving matching: no accents or Arabic vowel marks, case-folded, words only.

    NFKD splits "é" into "e" plus a combining accent, which is dropped; punctuation becomes a
    space so "PING-loket" matches "ping loket".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def query_words(query: str) -> tuple[str, ...]:
    """The normalised words of a search, at most :data:`MAX_WORDS`."""
    return tuple(normalise(query[:MAX_QUERY]).split()[:MAX_WORDS])


def _all_in(words: tuple[str, ...], haystack: str) -> bool:
    """Whether every word occurs in ``haystack`` (as a word, a prefix or any part of one)."""
    return all(word in haystack for word in words)


@dataclass(frozen=True)
class Situation:
    """One result of the routekaart as partners see it: the situation and who to send to."""

    conversation: engine.Conversation
    recommendations: tuple[Recommendation, ...]  # active on the page's day, in order
    text: str  # normalised situation text (labels and title, Dutch and the page language)

    @property
    def path(self) -> str:
        """The answer path, e.g. ``direct/huis-uit``."""
        return self.conversation.slug_path

    @property
    def branch(self):
        """The first answer: one of the routekaart's three branches."""
        return self.conversation.steps[0].chosen

    @property
    def label(self):
        """The last answer, which names the situation."""
        return self.conversation.steps[-1].chosen

    def title(self, lang: str) -> str:
        """The situation in words: the answers after the branch, e.g. "Debts › 27 or older"."""
        return " › ".join(step.chosen.label(lang) for step in self.conversation.steps[1:])

    @property
    def result(self):
        """The routekaart's result for this situation."""
        return self.conversation.result

    @property
    def anchor(self) -> str:
        """The id of this situation on the partners page."""
        return "sit-" + self.path.replace("/", "-")

    def position(self, org_id: str) -> int:
        """Where this situation lists an organisation: 1 for the first desk to go to."""
        ids = [r.organisation for r in self.recommendations]
        return ids.index(org_id) + 1


@dataclass(frozen=True)
class Found:
    """What the partners page shows for a search (everything for an empty search)."""

    query: str
    words: tuple[str, ...]
    branches: list[tuple[object, list[Situation]]]  # (branch option, its matching situations)
    organisations: list[str]  # ids of matching organisations, in directory order
    referrers: dict[str, list[Situation]]  # every organisation's situations, not filtered

    @property
    def situation_count(self) -> int:
        """How many situations match."""
        return sum(len(items) for _, items in self.branches)


def _situation_text(conversation: engine.Conversation, langs: tuple[str, ...]) -> str:
    parts = [step.chosen.label(lang) for step in conversation.steps for lang in langs]
    parts += [conversation.result.title(lang) for lang in langs]
    return normalise(" ".join(parts))


def _organisation_text(org: Organisation, langs: tuple[str, ...]) -> str:
    parts = [org.name] + [t(lang) for t in (org.explain, org.about) for lang in langs]
    return normalise(" ".join(parts))


def search(content, lang: str, query: str, day: date) -> Found:
    """Situations and organisations matching ``query`` on ``day``, in Dutch and ``lang``.

    A situation matches when every word occurs in its own text or in the names and
    explanations of the desks it sends to, or when the text box's matcher counts every word
    for it (synonyms, compounds, other spellings). An organisation matches on its own text, or
    because a situation matching on its own text sends people to it ("deurwaarder" lists the
    Kredietbank in the directory too).
    """
    langs = ("nl",) if lang == "nl" else ("nl", lang)
    words = query_words(query)
    # The text box's matcher adds what residents call a situation ("loonbeslag", "evicted",
    # typos): a situation for which every word counted there is found too. A query that names
    # a desk ("schuldhulpmaatje") is about that desk, not a worry: no guesses then.
    names_a_desk = bool(words) and any(
        _all_in(words, normalise(org.name)) for org in content.organisations.values()
    )
    understood = (
        set() if names_a_desk else matcher.for_tree(content.tree).covering(" ".join(words), lang)
    )
    org_text = {oid: _organisation_text(org, langs) for oid, org in content.organisations.items()}
    branches: dict[str, tuple[object, list[Situation]]] = {}
    referrers: dict[str, list[Situation]] = {oid: [] for oid in content.organisations}
    shown_orgs: set[str] = {oid for oid, text in org_text.items() if _all_in(words, text)}
    for conversation in engine.results(content.tree):
        recs = tuple(
            rec
            for rec in conversation.result.organisations
            if content.organisations[rec.organisation].active_on(day)
        )
        situation = Situation(conversation, recs, _situation_text(conversation, langs))
        for rec in recs:
            referrers[rec.organisation].append(situation)
        branch = branches.setdefault(situation.branch.slug, (situation.branch, []))
        combined = situation.text + " " + " ".join(org_text[r.organisation] for r in recs)
        told = conversation.node_id in understood
        if _all_in(words, combined) or told:
            branch[1].append(situation)
        if words and (_all_in(words, situation.text) or told):
            shown_orgs.update(rec.organisation for rec in recs)
    organisations = [oid for oid in content.organisations if oid in shown_orgs]
    return Found(query, words, list(branches.values()), organisations, referrers)
