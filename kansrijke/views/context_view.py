"""Words and labels for the CBS context figures and for the peers chosen on them (plain values, no Streamlit).

- `peer_reason(naam, keys, lang)`: the plain-words reason of a proposed peer ("lijkt op Zwolle in inwoners,
  geboorten per 1.000 en stedelijkheid"), from peers.alike_in / the `lijkt_op` column of peers.find_peers;
- `feature_label(key, lang)`: a characteristic's label, marked "(gemodelleerd)" where the characteristic is
  modelled (peers.Feature.modelled), so that a view shows it wherever its weight is set;
- `modelled_ranking_note(weights, lang)`: the note a view shows when a modelled characteristic weighs (None when
  the ranking rests on sources only);
- `eur_per_birth_label(value, basis, lang)`: the money per child ("€ 12,34 per geboorte"), marked modelled where the
  amount is (funding.with_births keeps the amount's basis);
- `period_label(column, lang)` and `urbanity_label(klass, lang)`: the reference period of a context figure (the
  income block: the KWB 2020 edition, its year not stated) and CBS's name of an urbanity class.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kansrijke.data import context
from kansrijke.domain import peers
from kansrijke.text import fmt_eur, t


def join_words(words: list[str], lang: str) -> str:
    """'a', 'a en b', 'a, b en c' (English: 'a, b and c')."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {t('vergelijk.reason_and', lang)} {words[-1]}"


def peer_reason(naam: str, keys: Iterable[str], lang: str) -> str:
    """'lijkt op Zwolle in inwoners, geboorten per 1.000 en stedelijkheid' for the keys a peer is most alike in."""
    words = [t(f"vergelijk.reason_feature.{key}", lang) for key in keys]
    if not words:
        return t("vergelijk.reason_none", lang, naam=naam)
    return t("vergelijk.reason", lang, naam=naam, kenmerken=join_words(words, lang))


def feature_label(key: str, lang: str) -> str:
    """The label of a characteristic, with '(gemodelleerd)' / '(modelled)' for a modelled one."""
    label = t(f"vergelijk.feature.{key}", lang)
    if peers.BY_KEY[key].modelled:
        return f"{label} ({t('vergelijk.feature_modelled', lang)})"
    return label


def modelled_ranking_note(weights: Mapping[str, float], lang: str) -> str | None:
    """The note shown with the peers when a modelled characteristic weighs; None when only sourced ones do."""
    keys = peers.modelled_weighted(weights)
    if not keys:
        return None
    words = [t(f"vergelijk.reason_feature.{key}", lang) for key in keys]
    return t("vergelijk.ranking_modelled", lang, kenmerken=join_words(words, lang))


def period_label(column: str, lang: str) -> str:
    """The reference period of a context column: '1 januari 2020', '2020' or the edition of the income block."""
    return t(f"context.period.{context.BY_COLUMN[column].period}", lang)


def urbanity_label(klass: int | None, lang: str) -> str:
    """CBS's name of an urbanity class 1-5 ('zeer sterk stedelijk' .. 'niet stedelijk'); '–' when unknown."""
    if klass is None:
        return t("format.missing", lang)
    return t(f"context.urbanity.{int(klass)}", lang)


def eur_per_birth_label(value: float | None, basis: str, lang: str) -> str:
    """'€ 12,34 per geboorte' / '€12.34 per birth' (two decimals), with '(gemodelleerd)' when the amount is
    modelled; '–' when there is no figure (no money in the scope, or no births)."""
    if value is None or value != value:  # NaN
        return t("format.missing", lang)
    label = t("context.eur_per_geboorte", lang, bedrag=fmt_eur(value, lang, decimals=2))
    if basis == "model":
        return f"{label} ({t('vergelijk.feature_modelled', lang)})"
    return label
