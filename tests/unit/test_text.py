"""Text catalogues (kansrijke/text/locales) and language-aware formatting (kansrijke/text)."""

import json
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest

from kansrijke import text
from kansrijke.text import (
    LANGUAGES,
    fmt_date,
    fmt_eur,
    fmt_eur_millions,
    fmt_eur_per_inhabitant,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_qualified,
    missing_keys,
    t,
    unit_formatter,
)


def assert_catalogues_in_sync() -> None:
    """The check CI relies on: every key exists in every language."""
    gaps = {lang: sorted(keys) for lang, keys in missing_keys().items() if keys}
    assert not gaps, f"keys missing per language: {gaps}"


def fake_catalogues(monkeypatch, **by_lang: dict[str, str]) -> None:
    """Replace the catalogues for one test (languages not given are empty)."""
    fake = {lang: MappingProxyType(by_lang.get(lang, {})) for lang in LANGUAGES}
    monkeypatch.setattr(text, "catalogue", lambda lang: fake[lang])


# --------------------------------------------------------------------------- catalogue contents


def test_languages_are_dutch_first_then_english():
    assert LANGUAGES == ("nl", "en")
    assert text.DEFAULT_LANGUAGE == "nl"
    for lang in LANGUAGES:
        assert text.catalogue_files(lang), f"no catalogue files for {lang}"


def test_every_language_has_the_same_catalogue_files():
    names = {lang: [p.name for p in text.catalogue_files(lang)] for lang in LANGUAGES}
    assert names["nl"] == names["en"]


def test_a_key_in_two_files_of_one_language_is_refused(tmp_path, monkeypatch):
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "a.json").write_text('{"x.y": "een"}', encoding="utf-8")
    (tmp_path / "nl" / "b.json").write_text('{"x.y": "twee"}', encoding="utf-8")
    monkeypatch.setattr(text, "LOCALES_DIR", tmp_path)
    text.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="x.y"):
            text.catalogue("nl")
    finally:
        text.catalogue.cache_clear()


def test_both_catalogues_have_the_same_keys():
    assert_catalogues_in_sync()
    assert set(text.catalogue("nl")) == set(text.catalogue("en"))


def test_sync_check_fails_when_a_key_is_missing_in_either_language(monkeypatch):
    fake_catalogues(
        monkeypatch,
        nl={"a.gedeeld": "x", "a.alleen_nl": "y"},
        en={"a.gedeeld": "x", "a.alleen_en": "z"},
    )
    assert missing_keys() == {"nl": {"a.alleen_en"}, "en": {"a.alleen_nl"}}
    with pytest.raises(AssertionError, match="alleen_nl"):
        assert_catalogues_in_sync()

    # Only English lacking a key is caught as well.
    fake_catalogues(monkeypatch, nl={"a": "x", "b": "y"}, en={"a": "x"})
    assert missing_keys() == {"nl": set(), "en": {"b"}}
    with pytest.raises(AssertionError):
        assert_catalogues_in_sync()


def test_placeholders_match_between_languages_for_every_key():
    nl, en = text.catalogue("nl"), text.catalogue("en")
    differing = {
        key: (text.placeholders(nl[key]), text.placeholders(en[key]))
        for key in nl.keys() & en.keys()
        if text.placeholders(nl[key]) != text.placeholders(en[key])
    }
    assert not differing


def test_placeholder_helper_finds_named_fields():
    assert text.placeholders("{n} van {totaal:,} ({pct!s})") == {"n", "totaal", "pct"}
    assert text.placeholders("geen velden, wel {{accolades}}") == set()
    assert text.placeholders("{}") == {""}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_named_and_templates_format(lang):
    for key, template in text.catalogue(lang).items():
        names = text.placeholders(template)
        assert all(name.isidentifier() for name in names), f"{lang}:{key} has a positional field"
        # Every text renders once all its placeholders have a value.
        assert t(key, lang, **dict.fromkeys(names, "X"))


@pytest.mark.parametrize(
    "path", [p for lang in LANGUAGES for p in text.catalogue_files(lang)], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_catalogue_file_is_sorted_flat_and_free_of_duplicates(path):
    pairs = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=list)
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys), "keep keys sorted so parallel additions merge cleanly"
    assert len(keys) == len(set(keys))
    assert all(isinstance(v, str) and v.strip() for _, v in pairs)
    assert all(k == k.strip() and "." in k for k in keys)


def test_loader_rejects_duplicate_keys_and_non_text_values(tmp_path):
    dup = tmp_path / "dup.json"
    dup.write_text('{"a.b": "een", "a.b": "twee"}', encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate key 'a.b'"):
        text.load_catalogue(dup)
    nested = tmp_path / "nested.json"
    nested.write_text('{"a": {"b": "genest"}}', encoding="utf-8")
    with pytest.raises(ValueError, match="non-empty strings"):
        text.load_catalogue(nested)
    empty = tmp_path / "empty.json"
    empty.write_text('{"a.b": ""}', encoding="utf-8")
    with pytest.raises(ValueError, match="a.b"):
        text.load_catalogue(empty)


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        text.catalogue("nl")["app.title"] = "iets anders"  # type: ignore[index]


def test_seed_keys_without_fixed_wording_exist_in_both_languages():
    for key in ("app.subtitle", "nav.financiering", "nav.vergelijk", "sidebar.language", "data.error_body"):
        assert t(key, "nl") != t(key, "en")
    assert t("sidebar.language", "nl") == "Taal"
    assert t("sidebar.language", "en") == "Language"


# --------------------------------------------------------------------------- t() and fallbacks


def test_placeholders_are_filled(monkeypatch):
    fake_catalogues(monkeypatch, nl={"x.n": "{n} van {totaal} gemeenten"}, en={"x.n": "{n} of {totaal} municipalities"})
    assert t("x.n", "nl", n=160, totaal=355) == "160 van 355 gemeenten"
    assert t("x.n", "en", n=160, totaal=355) == "160 of 355 municipalities"


def test_real_template_with_placeholder():
    assert t("format.eur_per_inwoner", "nl", bedrag="€ 1") == "€ 1 per inwoner"
    assert t("format.eur_per_inwoner", "en", bedrag="€1") == "€1 per inhabitant"


def test_missing_placeholder_value_raises_keyerror_naming_it():
    with pytest.raises(KeyError, match="bedrag"):
        t("format.eur_per_inwoner", "nl")


def test_literal_braces_are_written_doubled(monkeypatch):
    fake_catalogues(monkeypatch, nl={"x": "{{letterlijk}} {n}"})
    assert t("x", n=1) == "{letterlijk} 1"


@pytest.mark.parametrize("lang", ["fr", "de", "", None, "xx-YY"])
def test_unknown_language_falls_back_to_dutch(lang):
    assert t("nav.over_data", lang) == "Over de data"


@pytest.mark.parametrize("lang", ["EN", "en-GB", "en_US", " en "])
def test_language_variants_map_to_english(lang):
    assert t("nav.over_data", lang) == "About the data"


def test_key_missing_in_english_falls_back_to_dutch(monkeypatch):
    fake_catalogues(monkeypatch, nl={"x.alleen_nl": "Alleen Nederlands {n}"}, en={})
    assert t("x.alleen_nl", "en", n=3) == "Alleen Nederlands 3"


def test_key_missing_everywhere_raises_keyerror():
    with pytest.raises(KeyError, match="bestaat.niet"):
        t("bestaat.niet")
    with pytest.raises(KeyError):
        t("bestaat.niet", "en")


def test_catalogue_rejects_unknown_language():
    with pytest.raises(ValueError):
        text.catalogue("fr")


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (17_427_806, "17.427.806", "17,427,806"),
        (0, "0", "0"),
        (999, "999", "999"),
        (1000, "1.000", "1,000"),
        (-1_234_567, "-1.234.567", "-1,234,567"),
        (np.int64(355), "355", "355"),
        (1234.5, "1.235", "1,235"),  # half away from zero
        (-0.4, "0", "0"),  # never "-0"
    ],
)
def test_fmt_int(value, nl, en):
    assert fmt_int(value, "nl") == nl
    assert fmt_int(value, "en") == en


def test_fmt_int_defaults_to_dutch():
    assert fmt_int(17_427_806) == "17.427.806"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, Decimal("NaN")])
def test_missing_numbers_show_a_dash(missing):
    assert fmt_int(missing, "nl") == "–"
    assert fmt_eur(missing, "en") == "–"
    assert fmt_pct(missing, "nl") == "–"
    assert fmt_eur_per_inhabitant(missing, "en") == "–"


@pytest.mark.parametrize("bad", ["12", True, [1]])
def test_non_numbers_are_rejected(bad):
    with pytest.raises(TypeError):
        fmt_int(bad)


def test_infinity_is_rejected():
    with pytest.raises(ValueError):
        fmt_int(float("inf"))


@pytest.mark.parametrize(
    ("value", "decimals", "nl", "en"),
    [
        (1234, 0, "€ 1.234", "€1,234"),
        (0, 0, "€ 0", "€0"),
        (-1234, 0, "€ -1.234", "-€1,234"),
        (9_000_000, 0, "€ 9.000.000", "€9,000,000"),
        (1234.5, 2, "€ 1.234,50", "€1,234.50"),
        (0.865, 2, "€ 0,87", "€0.87"),
        (-0.004, 2, "€ 0,00", "€0.00"),
    ],
)
def test_fmt_eur(value, decimals, nl, en):
    assert fmt_eur(value, "nl", decimals) == nl
    assert fmt_eur(value, "en", decimals=decimals) == en


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (0.865, "€ 0,87 per inwoner", "€0.87 per inhabitant"),  # a float just below .865 still rounds up
        (0.87, "€ 0,87 per inwoner", "€0.87 per inhabitant"),
        (0, "€ 0,00 per inwoner", "€0.00 per inhabitant"),
        (12.5, "€ 12,50 per inwoner", "€12.50 per inhabitant"),
        (1234.561, "€ 1.234,56 per inwoner", "€1,234.56 per inhabitant"),
        (-0.865, "€ -0,87 per inwoner", "-€0.87 per inhabitant"),
        (np.float64(0.865), "€ 0,87 per inwoner", "€0.87 per inhabitant"),
        (Decimal("0.865"), "€ 0,87 per inwoner", "€0.87 per inhabitant"),
    ],
)
def test_fmt_eur_per_inhabitant(value, nl, en):
    assert fmt_eur_per_inhabitant(value, "nl") == nl
    assert fmt_eur_per_inhabitant(value, "en") == en


def test_rounding_is_on_the_written_decimal_not_the_binary_float():
    assert round(0.865, 2) == 0.86  # what plain Python does
    assert fmt_number(0.865, "nl", 2) == "0,87"
    assert fmt_number(2.675, "en", 2) == "2.68"
    assert fmt_number(0.125, "en", 2) == "0.13"


@pytest.mark.parametrize(
    ("value", "decimals", "nl", "en"),
    [
        (54, 0, "54%", "54%"),
        (0, 0, "0%", "0%"),
        (100, 0, "100%", "100%"),
        (-3, 0, "-3%", "-3%"),
        (54.25, 1, "54,3%", "54.3%"),
        (62.4, 0, "62%", "62%"),
        (82.5, 0, "83%", "83%"),
    ],
)
def test_fmt_pct(value, decimals, nl, en):
    assert fmt_pct(value, "nl", decimals) == nl
    assert fmt_pct(value, "en", decimals=decimals) == en


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (14_000_000, "€ 14 miljoen", "€14 million"),
        (2_500_000, "€ 2,5 miljoen", "€2.5 million"),
        (2_450_000, "€ 2,5 miljoen", "€2.5 million"),
        (23_000_000.0, "€ 23 miljoen", "€23 million"),
        (1_234_000_000, "€ 1.234 miljoen", "€1,234 million"),
        (-2_500_000, "€ -2,5 miljoen", "-€2.5 million"),
    ],
)
def test_fmt_eur_millions(value, nl, en):
    assert fmt_eur_millions(value, "nl") == nl
    assert fmt_eur_millions(value, "en") == en


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        date(2020, 7, 1),
        datetime(2020, 7, 1, 15, 30),
        pd.Timestamp("2020-07-01"),
        "2020-07-01",
        " 2020-07-01 ",
        "2020-07-01T00:00:00",
    ],
)
def test_fmt_date_accepts_dates_timestamps_and_iso_strings(value):
    assert fmt_date(value, "nl") == "1 juli 2020"
    assert fmt_date(value, "en") == "1 July 2020"


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        ("2019-12-04", "4 december 2019", "4 December 2019"),
        ("2022-02-10", "10 februari 2022", "10 February 2022"),
        ("2023-03-31", "31 maart 2023", "31 March 2023"),
        ("2021-05-15", "15 mei 2021", "15 May 2021"),
        ("2020-07", "juli 2020", "July 2020"),  # bron_datum may be YYYY-MM
        ("2020", "2020", "2020"),  # ... or YYYY
    ],
)
def test_fmt_date_examples(value, nl, en):
    assert fmt_date(value, "nl") == nl
    assert fmt_date(value, "en") == en


def test_all_dutch_month_names_are_lower_case_and_english_capitalised():
    nl = [text.month_name(m, "nl") for m in range(1, 13)]
    en = [text.month_name(m, "en") for m in range(1, 13)]
    assert nl == [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert en == [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]


@pytest.mark.parametrize("missing", [None, pd.NaT, "", float("nan")])
def test_missing_dates_show_a_dash(missing):
    assert fmt_date(missing, "nl") == "–"


@pytest.mark.parametrize("bad", ["1 juli 2020", "2020-13", "2020-02-30", "juli"])
def test_fmt_date_rejects_text_that_is_not_an_iso_date(bad):
    with pytest.raises(ValueError):
        fmt_date(bad)


def test_fmt_date_rejects_numbers():
    with pytest.raises(TypeError):
        fmt_date(20200701)


# --------------------------------------------------------------------------- published figures


@pytest.mark.parametrize(
    ("value", "kwalificatie", "unit_fn", "nl", "en"),
    [
        (14_000_000, "circa", fmt_eur_millions, "circa € 14 miljoen", "about €14 million"),
        (2_000_000, "ruim", fmt_eur_millions, "ruim € 2 miljoen", "over €2 million"),
        (3_000_000, "bijna", fmt_eur_millions, "bijna € 3 miljoen", "almost €3 million"),
        (130, "meer_dan", fmt_int, "meer dan 130", "more than 130"),
        (160, "exact", fmt_int, "160", "160"),
        (2_500_000, "exact", fmt_eur_millions, "€ 2,5 miljoen", "€2.5 million"),
        (75, "circa", fmt_pct, "circa 75%", "about 75%"),
        (1_500, "meer_dan", fmt_int, "meer dan 1.500", "more than 1,500"),
    ],
)
def test_fmt_qualified(value, kwalificatie, unit_fn, nl, en):
    assert fmt_qualified(value, kwalificatie, "nl", unit_fn) == nl
    assert fmt_qualified(value, kwalificatie, "en", unit_fn=unit_fn) == en


def test_fmt_qualified_defaults_to_whole_numbers():
    assert fmt_qualified(300, "meer_dan", "nl") == "meer dan 300"


def test_fmt_qualified_rejects_an_unknown_qualifier():
    with pytest.raises(ValueError, match="ongeveer"):
        fmt_qualified(10, "ongeveer", "nl")


def test_fmt_qualified_missing_value_is_a_dash_not_circa_dash():
    assert fmt_qualified(None, "circa", "nl") == "–"


@pytest.mark.parametrize(
    ("value", "kwalificatie", "eenheid", "nl", "en"),
    [
        (14_000_000, "circa", "eur", "circa € 14 miljoen", "about €14 million"),
        (850_000, "exact", "eur", "€ 850.000", "€850,000"),
        (23_000_000, "exact", "eur_per_jaar", "€ 23 miljoen per jaar", "€23 million per year"),
        (300, "meer_dan", "gemeenten", "meer dan 300", "more than 300"),
        (27, "exact", "programmas", "27", "27"),
        (272, "exact", "coalities", "272", "272"),
        (62, "exact", "procent", "62%", "62%"),
    ],
)
def test_unit_formatter_covers_every_mijlpalen_unit(value, kwalificatie, eenheid, nl, en):
    fn = unit_formatter(eenheid)
    assert fmt_qualified(value, kwalificatie, "nl", fn) == nl
    assert fmt_qualified(value, kwalificatie, "en", fn) == en


def test_unit_formatter_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="liter"):
        unit_formatter("liter")


def test_every_kwalificatie_has_a_text_in_both_languages():
    for kw in text.KWALIFICATIES:
        assert t(f"qualifier.{kw}", "nl", waarde="1")
        assert t(f"qualifier.{kw}", "en", waarde="1")


def test_data_label_translates_known_labels_and_keeps_unknown_ones():
    from kansrijke.text import data_label

    assert data_label("2020 (maandcijfer)", "en") == "2020 (monthly figure)"
    assert data_label("2020 (maandcijfer)", "nl") == "2020 (maandcijfer)"
    assert data_label("peildatum zonder vertaling", "en") == "peildatum zonder vertaling"


def test_formatting_ignores_the_operating_systems_locale(monkeypatch):
    """Babel writes in the machine's locale (read from LC_ALL, LC_NUMERIC, LANG, ... when babel is imported) where
    no locale is passed; here that machine is German (1.234.567, März), and the formatters still write nl/en."""
    import babel.dates
    import babel.numbers

    for module, name in ((babel.numbers, "LC_NUMERIC"), (babel.numbers, "LC_MONETARY"), (babel.dates, "LC_TIME")):
        monkeypatch.setattr(module, name, "de_DE")
    # what calls without a locale would write
    assert babel.numbers.format_decimal(1_234_567) == "1.234.567"
    assert babel.dates.format_date(date(2020, 3, 1), "d MMMM y") == "1 März 2020"
    assert fmt_int(1_234_567, "en") == "1,234,567"
    assert fmt_eur(-1234.5, "nl", 2) == "€ -1.234,50"
    assert fmt_pct(54.25, "nl", 1) == "54,3%"
    assert fmt_date("2020-03-01", "en") == "1 March 2020"


def test_timing_counts_only_calls_it_times_and_each_call_formats():
    from kansrijke.text import timing

    assert {name for _run, calls in timing.PAGE_RUNS for name in calls} <= set(timing.CALLS)
    for lang in LANGUAGES:
        for name, call in timing.CALLS.items():
            assert call(lang) != t("format.missing", lang), name
    assert timing.per_call_us(timing.CALLS["fmt_int"], "nl", number=2, rounds=2) > 0
