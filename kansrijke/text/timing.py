"""`python -m kansrijke.text.timing`: what the number, money, percentage and date formatting costs a page run.

Times each formatter of kansrijke.text on a typical value (µs per call, the best of many short rounds, so that
other work on the machine counts as little as it can) and, from those, the formatting of the page runs below: the
calls a run makes, counted with AppTest over the shipped data (a wrapper around each formatter, outermost calls
only). A page's first run in a process formats every municipality's tooltip lines and table cells; later runs
take those from the cache and format only the figures around the map. Prints figures, never passes or fails.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

import numpy as np

from kansrijke import text

# name -> a call with a typical value (the types the pages pass: numpy integers, floats, dates)
CALLS: Mapping[str, Callable[[str], str]] = {
    "fmt_int": lambda lang: text.fmt_int(np.int64(17_427_806), lang),
    "fmt_eur": lambda lang: text.fmt_eur(1_234.0, lang),
    "fmt_eur_per_inhabitant": lambda lang: text.fmt_eur_per_inhabitant(0.865, lang),
    "fmt_eur_millions": lambda lang: text.fmt_eur_millions(14_000_000, lang),
    "fmt_pct": lambda lang: text.fmt_pct(62.4, lang),
    "fmt_date": lambda lang: text.fmt_date(date(2020, 7, 1), lang),
    "fmt_milestone": lambda lang: text.fmt_milestone(
        {"waarde": Decimal(160), "kwalificatie": "exact", "eenheid": "gemeenten", "noemer": 355}, lang
    ),
    "fmt_milestone (eur)": lambda lang: text.fmt_milestone(
        {"waarde": Decimal(14_000_000), "kwalificatie": "circa", "eenheid": "eur", "noemer": None}, lang
    ),
}

# (page run, {formatter: calls}), counted in Dutch (English makes the same calls)
PAGE_RUNS: tuple[tuple[str, Mapping[str, int]], ...] = (
    ("kaart, first run in a process", {"fmt_int": 365, "fmt_date": 357, "fmt_milestone": 10}),
    ("kaart, later run", {"fmt_int": 10, "fmt_date": 2}),
    (
        "financiering, first run",
        {"fmt_int": 294, "fmt_eur": 291, "fmt_eur_per_inhabitant": 281, "fmt_milestone (eur)": 10},
    ),
    ("financiering, later run", {"fmt_int": 13, "fmt_eur": 6, "fmt_eur_per_inhabitant": 6, "fmt_milestone (eur)": 4}),
    ("nu-niet-zwanger, first run", {"fmt_int": 19, "fmt_pct": 1, "fmt_date": 156, "fmt_milestone": 24}),
    ("nu-niet-zwanger, later run", {"fmt_int": 19, "fmt_pct": 1, "fmt_date": 24, "fmt_milestone": 2}),
    ("presentatie, first run", {"fmt_int": 1065, "fmt_date": 1065, "fmt_milestone": 3}),
    ("over-de-data, every run", {"fmt_int": 9, "fmt_pct": 10}),
)


def per_call_us(call: Callable[[str], str], lang: str, number: int = 300, rounds: int = 200) -> float:
    """The best time of one call, in microseconds."""
    call(lang)  # first use: locale data and patterns are loaded once per process
    return min(timeit.repeat(lambda: call(lang), number=number, repeat=rounds)) / number * 1e6


def main() -> None:
    costs = {lang: {name: per_call_us(call, lang) for name, call in CALLS.items()} for lang in text.LANGUAGES}
    print(f"{'µs per call':28s}" + "".join(f"{lang:>8s}" for lang in text.LANGUAGES))
    for name in CALLS:
        print(f"{name:28s}" + "".join(f"{costs[lang][name]:8.2f}" for lang in text.LANGUAGES))
    print(f"\n{'ms per page run (calls)':36s}" + "".join(f"{lang:>8s}" for lang in text.LANGUAGES))
    for label, calls in PAGE_RUNS:
        totals = [sum(n * costs[lang][name] for name, n in calls.items()) / 1000 for lang in text.LANGUAGES]
        print(f"{label:28s}{sum(calls.values()):6d}  " + "".join(f"{ms:8.2f}" for ms in totals))


if __name__ == "__main__":
    main()
