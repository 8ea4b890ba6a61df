"""Words for the context figures and the peers (kansrijke.views.context_view), in both languages."""

from kansrijke.text import t
from kansrijke.views import context_view


def test_the_reason_reads_in_both_languages():
    keys = ("inwoners", "geboorten", "stedelijkheid")
    assert context_view.peer_reason("Zwolle", keys, "nl") == (
        "lijkt op Zwolle in inwoners, geboorten per 1.000 en stedelijkheid"
    )
    assert context_view.peer_reason("Zwolle", keys, "en") == "like Zwolle in inhabitants, births per 1,000 and urbanity"
    assert context_view.peer_reason("Urk", ("jong",), "nl") == "lijkt op Urk in aandeel 0-14 jaar"
    assert "geen van" in context_view.peer_reason("Urk", (), "nl")


def test_euros_per_birth_read_in_both_languages_and_say_when_they_are_modelled():
    assert context_view.eur_per_birth_label(12.345, "bron", "nl") == "€ 12,35 per geboorte"
    assert context_view.eur_per_birth_label(12.345, "model", "en") == "€12.35 per birth (modelled)"
    assert context_view.eur_per_birth_label(float("nan"), "model", "nl") == t("format.missing", "nl")


def test_periods_and_urbanity_have_their_cbs_words():
    assert context_view.period_label("aandeel_laag_inkomen", "nl") == "editie 2020 (peiljaar niet vermeld)"
    assert context_view.period_label("levendgeborenen", "en") == "2020"
    assert context_view.period_label("inwoners", "en") == "1 January 2020"
    assert context_view.urbanity_label(1, "nl") == "zeer sterk stedelijk"
    assert context_view.urbanity_label(5, "en") == "not urban"
