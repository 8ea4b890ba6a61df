import pandas as pd
import pytest

from kansrijke.data.paths import DATA_DIR
from kansrijke.domain.search import find_municipality, normalise, resolve


@pytest.fixture(scope="module")
def municipalities() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "gemeenten_2020.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    "query, code",
    [
        ("den bosch", "GM0796"),
        ("Den Bosch", "GM0796"),
        ("'s-Hertogenbosch", "GM0796"),
        ("s hertogenbosch", "GM0796"),
        ("Den Haag", "GM0518"),
        ("DEN HAAG", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("The Hague", "GM0518"),
        ("Gemeente Utrecht", "GM0344"),  # exact name wins over Utrechtse Heuvelrug
        ("utrecht", "GM0344"),
        ("Súdwest-Fryslân", "GM1900"),
        ("sudwest fryslan", "GM1900"),
        ("Sittard", "GM1883"),
        ("geldrop", "GM1771"),
        ("Amsterdm", "GM0363"),  # a typo still finds the city
        ("Bergen (NH.)", "GM0373"),
    ],
)
def test_resolve_common_spellings(municipalities, query, code):
    assert resolve(query, municipalities) == code


def test_normalise_folds_case_diacritics_prefix_and_punctuation():
    assert normalise("Gemeente 's-Hertogenbosch") == "s hertogenbosch"
    assert normalise("  Súdwest-Fryslân ") == "sudwest fryslan"
    assert normalise("Bergen (L.)") == "bergen l"


def test_prefix_query_lists_every_match_in_name_order(municipalities):
    codes = [m.code for m in find_municipality("berg", municipalities)]
    names = dict(zip(municipalities["code"], municipalities["naam"]))
    starting = [c for c in codes if normalise(names[c]).startswith("berg")]
    assert len(starting) >= 4  # Bergeijk, Bergen (L.), Bergen (NH.), Bergen op Zoom, ...
    assert starting == sorted(starting, key=lambda c: normalise(names[c]))


@pytest.mark.parametrize("query", ["", "   ", "qqqqqq", "<script>alert(1)</script>"])
def test_no_match_gives_empty_result(municipalities, query):
    assert find_municipality(query, municipalities) == []
    assert resolve(query, municipalities) is None


def test_alternative_name_is_marked_as_such(municipalities):
    first = find_municipality("Den Bosch", municipalities)[0]
    assert (first.code, first.how) == ("GM0796", "alternatief")
    assert first.naam == "'s-Hertogenbosch"


@pytest.mark.parametrize("query", ["GM0363", "gm0363", "GM 363", "gm363", " 0363 "])
def test_a_cbs_code_finds_its_municipality_first(municipalities, query):
    matches = find_municipality(query, municipalities)
    assert matches[0].code == "GM0363"
    assert matches[0].naam == "Amsterdam"
    assert matches[0].how == "code"


@pytest.mark.parametrize("query", ["GM9999", "363", "GM03630"])
def test_no_municipality_for_an_unknown_or_partial_code(municipalities, query):
    """A code that is not in the boundary year finds nothing as a code; three digits are not read as a code."""
    assert all(m.how != "code" for m in find_municipality(query, municipalities))
