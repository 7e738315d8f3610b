"""Residents' answers to "Heeft dit geholpen?" and reports of a wrong fact about a desk ("Klopt
er iets niet?"): what can be answered, and the cap on how many answers one process takes in a
minute.

An answer is "yes" or "no"; after "no" the resident may pick one reason. Never free text.
Each is one count (kind, result path, answer, language) on one day; "no" and its reason are two
separate counts that nothing links.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime

# The form's values (in the page's address-free POST body) and what is counted.
ANSWERS = {"ja": "yes", "nee": "no"}

# The reasons after "no", in the order the form shows them; the slug is what is counted.
REASONS = ("dicht", "niet-bereikt", "niet-mijn-situatie", "niet-begrepen")

# "Klopt er iets niet?" on a desk: the facts a resident or partner can tick (several at once),
# each counted on its own as (``wrong``, organisation id, fact, language). Never free text.
FACTS = ("telefoon", "whatsapp", "email", "adres", "openingstijden", "gestopt", "anders")

# A second line behind nginx's limit_req: in one minute one process counts at most this many
# answers about one situation, and this many in all. Over it, answers are thanked and dropped.
# Held in memory only, never written; it knows nothing about who answers.
PER_SITUATION_PER_MINUTE = 10
PER_MINUTE = 60


class Cap:
    """How many answers this process has taken in the current minute, per situation."""

    def __init__(
        self, per_situation: int = PER_SITUATION_PER_MINUTE, in_all: int = PER_MINUTE
    ) -> None:
        self.per_situation = per_situation
        self.in_all = in_all
        self._minute: datetime | None = None
        self._taken: Counter[str] = Counter()
        self._lock = threading.Lock()

    def take(self, moment: datetime, situation: str) -> bool:
        """Whether one more answer about ``situation`` may be counted at ``moment``."""
        minute = moment.replace(second=0, microsecond=0)
        with self._lock:
            if minute != self._minute:
                self._minute, self._taken = minute, Counter()
            if self._taken[situation] >= self.per_situation or self._taken.total() >= self.in_all:
                return False
            self._taken[situation] += 1
            return True
