"""Every user-facing string, in Dutch (default) and English, plus number, money and date formatting.

Strings live in ``kansrijke/text/locales/<lang>/<part>.json``: per language one folder of flat JSON
objects (one file per page or shared part, the same file names in every language), keys with dots
(``"nav.kaart"``), kept sorted by key, values with ``str.format`` placeholders
(``"{bedrag} per inwoner"``). A language's catalogue is the union of its files; a key may live in
one file only. Both catalogues must hold the same keys with the same placeholders;
tests/unit/test_text.py enforces that.

Numbers, money, percentages and dates are written by Babel from CLDR's data for the language (digit
grouping, decimal and minus signs, the euro and percent signs, month names), always with an explicit
locale, so the output never depends on the operating system's locale. The layout is the project's,
given to Babel as patterns parsed once per language: ``€ 1.234`` and ``€ -1.234`` with a plain space
in Dutch (CLDR has a non-breaking one), ``€1,234`` and ``-€1,234`` in English, as many decimals as the
caller asks (not the euro's two), ``1 juli 2020`` and ``1 July 2020`` in both (CLDR's English is
``July 1, 2020``). Written by hand, because Babel does it otherwise or not at all: rounding half
away from zero on the decimal value as written (0.865 -> 0,87; Babel rounds half to even, 0.125 ->
0.12), never a "-0"; missing values (None, NaN, NaT, pd.NA) as a dash (``format.missing``); dates
given as YYYY-MM or YYYY; amounts in millions and "per inwoner", "circa" (catalogue texts; CLDR's
short forms are "€ 14 mln." and "€14M").

Measured (``python -m kansrijke.text.timing``; best of 200 rounds on the shared two-core machine, µs
per call, hand-written -> Babel): fmt_int 3.2 -> 5.4, fmt_eur 3.5 -> 6.1, fmt_eur_per_inhabitant
4.6 -> 7.9, fmt_pct 3.3 -> 5.4, fmt_date 1.6 -> 4.1. The calls a page run makes, counted with
AppTest: a visitor's run formats only the figures around the map, 12 (kaart) to 46 (nu-niet-zwanger)
calls, 0.03-0.12 ms -> 0.06-0.23 ms of a run's 18-35 ms CPU (0.1-0.4%; AppTest medians of identical
runs vary by more than 5 ms, and the difference did not show). Only a page's first run in a process
formats every municipality (kaart 732 calls, 1.8 -> 3.6 ms of 1.9 s; financiering 876, 3.3 -> 5.7 ms
of 0.6 s; presentatie 2133, 5.0 -> 10.1 ms of 0.4 s), and the warm start makes those runs before a
worker takes visitors. Loading Babel and the two locales costs a process about 70 ms once. So Babel
is slower per call but not on the hot path of a page run; the table of separators, the Dutch and
English branches of fmt_eur and the 24 month names of the catalogues are gone. format_currency is not
used: it works out the currency's plural name on every call (half its time) though no pattern here
shows it; the euro's CLDR symbol is put into the money patterns once instead.
"""

from __future__ import annotations

import json
import math
import re
import string
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from numbers import Integral, Real
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import NumberPattern, format_decimal, format_percent, get_currency_symbol, parse_pattern

from kansrijke.vocabulary import KWALIFICATIES  # qualifiers of published figures (mijlpalen.csv, kwalificatie)

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"

# How the project writes money, as CLDR number patterns ({digits}: "#,##0" with the decimals asked for; ¤: the
# currency's symbol in the language). Dutch keeps a plain space where CLDR puts a non-breaking one
# ("€ 1.234", "€ -1.234"); English is CLDR's own ("€1,234", negative "-€1,234"). The decimals are the caller's,
# not the currency's two.
CURRENCY = "EUR"
MONEY_PATTERNS = {"nl": "¤ {digits};¤ -{digits}", "en": "¤{digits}"}
# Dates as the project writes them in both languages ("1 juli 2020", "1 July 2020"; English is not CLDR's
# "July 1, 2020"); a month on its own takes its stand-alone name ("juli 2020").
DATE_PATTERNS = {"day": "d MMMM y", "month": "LLLL y"}

UnitFormatter = Callable[[Any, str], str]


# --------------------------------------------------------------------------- catalogues


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def load_catalogue(path: Path) -> dict[str, str]:
    """Read one catalogue file: a flat JSON object of non-empty strings, no duplicate keys."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh, object_pairs_hook=_no_duplicate_keys)
    except ValueError as exc:  # also json.JSONDecodeError
        raise ValueError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected one JSON object of key -> text")
    bad = sorted(k for k, v in data.items() if not isinstance(v, str) or not v)
    if bad:
        raise ValueError(f"{path.name}: values must be non-empty strings, not for: {', '.join(bad)}")
    return data


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The (read-only) catalogue of one language in LANGUAGES."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    merged: dict[str, str] = {}
    for path in catalogue_files(lang):
        part = load_catalogue(path)
        twice = sorted(merged.keys() & part.keys())
        if twice:
            raise ValueError(f"{lang}/{path.name}: keys already in another file: {', '.join(twice)}")
        merged.update(part)
    return MappingProxyType(merged)


def catalogue_files(lang: str) -> list[Path]:
    """The catalogue files of one language, in name order."""
    return sorted((LOCALES_DIR / lang).glob("*.json"))


def normalise_lang(lang: str | None) -> str:
    """'en', 'EN', 'en-GB', 'en_US' -> 'en'; anything unknown (or None) -> the default, 'nl'."""
    if not lang:
        return DEFAULT_LANGUAGE
    base = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **kwargs: Any) -> str:
    """The text for `key` in `lang`, with placeholders filled from kwargs.

    Unknown language -> Dutch; key missing in the language -> the Dutch text; key missing in
    every catalogue -> KeyError. A placeholder without a value also raises KeyError.
    Literal braces in a catalogue text are written doubled ({{ and }}).
    """
    template = catalogue(normalise_lang(lang)).get(key)
    if template is None:
        template = catalogue(DEFAULT_LANGUAGE).get(key)
    if template is None:
        raise KeyError(f"text key {key!r} is in no catalogue (kansrijke/text/locales/<lang>/*.json)")
    try:
        return template.format(**kwargs)
    except KeyError as exc:
        raise KeyError(f"text {key!r} needs a value for placeholder {exc.args[0]!r}") from None


def missing_keys() -> dict[str, set[str]]:
    """Per language, the keys that another catalogue has but this one lacks (empty sets = in sync)."""
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    every = set().union(*keys.values())
    return {lang: every - own for lang, own in keys.items()}


def placeholders(template: str) -> set[str]:
    """Names of the str.format fields in a template: '{n} van {totaal:,}' -> {'n', 'totaal'}.

    A positional field ('{}' or '{0}') is returned as '' or '0', so callers can reject it.
    """
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(template):
        if field is not None:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


# --------------------------------------------------------------------------- numbers


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, str):
        return not x.strip()
    try:
        return bool(x != x)  # NaN, NaT, Decimal('NaN')
    except TypeError:  # pd.NA refuses to be truthy
        return True


def _to_decimal(x: Any) -> Decimal:
    if isinstance(x, bool):
        raise TypeError("a bool is not a number to format")
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, Integral):  # int, numpy integers
        value = Decimal(int(x))
    elif isinstance(x, Real):  # float, numpy floats: the shortest repr, so 0.865 stays 0.865
        f = float(x)
        if math.isinf(f):
            raise ValueError("cannot format an infinite number")
        value = Decimal(repr(f))
    else:
        raise TypeError(f"expected a number, got {type(x).__name__}: {x!r}")
    if not value.is_finite():
        raise ValueError(f"cannot format {x!r}")
    return value


def _rounded(x: Any, decimals: int) -> Decimal:
    """x rounded half away from zero to `decimals` places; a value that rounds to zero is never "-0"."""
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    value = _to_decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value.copy_abs() if value.is_zero() else value


class _Formats(NamedTuple):
    """One language's CLDR locale and the project's patterns for one number of decimals, parsed once."""

    locale: Locale
    number: NumberPattern
    money: NumberPattern
    percent: NumberPattern


@lru_cache(maxsize=64)
def _formats(lang: str | None, decimals: int) -> _Formats:
    lang = normalise_lang(lang)
    locale = Locale.parse(lang)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    # The currency's symbol goes into the money pattern here, once, as quoted text: format_currency would look it
    # up on every call and work out the currency's plural name besides (half its time), which no pattern here uses.
    symbol = "'" + get_currency_symbol(CURRENCY, locale).replace("'", "''") + "'"
    return _Formats(
        locale=locale,
        number=parse_pattern(digits),
        money=parse_pattern(MONEY_PATTERNS[lang].format(digits=digits).replace("¤", symbol)),
        percent=parse_pattern(digits + "%"),
    )


def _missing(lang: str) -> str:
    return t("format.missing", lang)


def fmt_number(x: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """nl 1234.5 -> '1.234,5' (decimals=1); en -> '1,234.5'."""
    if _is_missing(x):
        return _missing(lang)
    value = _rounded(x, decimals)
    formats = _formats(lang, decimals)
    return format_decimal(value, format=formats.number, locale=formats.locale)


def fmt_int(n: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """nl 17427806 -> '17.427.806', en -> '17,427,806'. Fractions are rounded."""
    return fmt_number(n, lang, 0)


def fmt_eur(x: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """nl 1234 -> '€ 1.234' (negative '€ -1.234'); en -> '€1,234' (negative '-€1,234')."""
    if _is_missing(x):
        return _missing(lang)
    value = _rounded(x, decimals)
    formats = _formats(lang, decimals)
    return format_decimal(value, format=formats.money, locale=formats.locale)


def fmt_eur_per_inhabitant(x: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """nl 0.865 -> '€ 0,87 per inwoner', en -> '€0.87 per inhabitant' (two decimals)."""
    if _is_missing(x):
        return _missing(lang)
    return t("format.eur_per_inwoner", lang, bedrag=fmt_eur(x, lang, decimals=2))


def fmt_eur_millions(x: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount in euros, written in millions: nl 14_000_000 -> '€ 14 miljoen',
    2_500_000 -> '€ 2,5 miljoen'; en '€14 million', '€2.5 million'.

    One decimal, dropped when the amount rounds to a whole number of millions.
    """
    if _is_missing(x):
        return _missing(lang)
    millions = (_to_decimal(x) / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    decimals = 0 if millions == millions.to_integral_value() else 1
    return t("format.miljoen", lang, bedrag=fmt_eur(millions, lang, decimals))


def fmt_pct(x: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """x is already a percentage: 54 -> '54%'; nl 54.25 -> '54,3%' (decimals=1), en '54.3%'."""
    if _is_missing(x):
        return _missing(lang)
    value = _rounded(x, decimals).scaleb(-2)  # a fraction, as CLDR's percent patterns take it (exact: a shift)
    formats = _formats(lang, decimals)
    return format_percent(value, format=formats.percent, locale=formats.locale)


# --------------------------------------------------------------------------- dates

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _date_parts(d: Any) -> tuple[int, int | None, int | None]:
    """(year, month or None, day or None) from a date, datetime/Timestamp or ISO string."""
    if isinstance(d, datetime):  # includes pandas.Timestamp
        return d.year, d.month, d.day
    if isinstance(d, date):
        return d.year, d.month, d.day
    if isinstance(d, str):
        s = d.strip()
        if _YEAR.match(s):
            return int(s), None, None
        if m := _YEAR_MONTH.match(s):
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"not a month: {d!r}")
            return year, month, None
        try:
            parsed = datetime.fromisoformat(s)
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {d!r}") from None
        return parsed.year, parsed.month, parsed.day
    raise TypeError(f"expected a date, Timestamp or ISO string, got {type(d).__name__}")


def month_name(month: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """1 -> nl 'januari', en 'January' (CLDR's month name as it stands alone)."""
    if not 1 <= month <= 12:
        raise ValueError(f"not a month: {month!r}")
    return get_month_names("wide", "stand-alone", _formats(lang, 0).locale)[month]


def fmt_date(d: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """nl '1 juli 2020', en '1 July 2020'. 'YYYY-MM' -> 'juli 2020'; 'YYYY' -> '2020'."""
    if _is_missing(d):
        return _missing(lang)
    year, month, day = _date_parts(d)
    if month is None:
        return str(year)
    locale = _formats(lang, 0).locale
    if day is None:
        return format_date(date(year, month, 1), DATE_PATTERNS["month"], locale=locale)
    return format_date(date(year, month, day), DATE_PATTERNS["day"], locale=locale)


# --------------------------------------------------------------------------- published figures


def fmt_qualified(
    value: Any,
    kwalificatie: str,
    lang: str = DEFAULT_LANGUAGE,
    unit_fn: UnitFormatter = fmt_int,
) -> str:
    """A published figure with its qualifier, e.g. nl 'circa € 14 miljoen', 'meer dan 130';
    en 'about €14 million', 'more than 130'. unit_fn(value, lang) formats the bare value
    (see unit_formatter for the mijlpalen units)."""
    if kwalificatie not in KWALIFICATIES:
        raise ValueError(f"unknown kwalificatie {kwalificatie!r}; expected one of {KWALIFICATIES}")
    if _is_missing(value):
        return _missing(lang)
    return t(f"qualifier.{kwalificatie}", lang, waarde=unit_fn(value, lang))


def _fmt_eur_amount(x: Any, lang: str) -> str:
    """Euros: in millions from one million up, otherwise in whole euros."""
    if not _is_missing(x) and abs(_to_decimal(x)) >= 1_000_000:
        return fmt_eur_millions(x, lang)
    return fmt_eur(x, lang)


def _fmt_eur_per_year(x: Any, lang: str) -> str:
    if _is_missing(x):
        return _missing(lang)
    return t("format.per_jaar", lang, bedrag=_fmt_eur_amount(x, lang))


_UNIT_FORMATTERS: dict[str, UnitFormatter] = {
    "gemeenten": fmt_int,
    "programmas": fmt_int,
    "coalities": fmt_int,
    "ggd_regios": fmt_int,
    "procent": fmt_pct,
    "eur": _fmt_eur_amount,
    "eur_per_jaar": _fmt_eur_per_year,
}


def unit_formatter(eenheid: str) -> UnitFormatter:
    """The value formatter for a mijlpalen.csv `eenheid`, for use as fmt_qualified's unit_fn:
    counts -> fmt_int, procent -> fmt_pct, eur -> '€ 14 miljoen' / '€ 850.000',
    eur_per_jaar -> '€ 23 miljoen per jaar'. The unit's noun (gemeenten, ...) is left to the page."""
    try:
        return _UNIT_FORMATTERS[eenheid]
    except KeyError:
        raise ValueError(f"unknown eenheid {eenheid!r}; expected one of {tuple(_UNIT_FORMATTERS)}") from None


def fmt_milestone(row: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """A published milestone as a reader sees it: 'circa € 14 miljoen', '160 van 355', 'meer dan 130'."""
    text = fmt_qualified(row["waarde"], row["kwalificatie"], lang, unit_formatter(row["eenheid"]))
    noemer = row.get("noemer")
    if not _is_missing(noemer) and noemer != "":
        text = t("timeline.of", lang, value=text, of=fmt_int(noemer, lang))
    return text


def data_label(value: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A label that comes from the data (e.g. the population's peildatum) in the reader's language when the
    catalogue knows it ("label.<value>"), else as written in the data."""
    try:
        return t(f"label.{value}", lang)
    except KeyError:
        return value
