"""Words and labels for the CBS context figures and for the peers chosen on them (plain values, no Streamlit).

- `peer_reason(naam, keys, lang)`: the plain-words reason of a proposed peer ("lijkt op Zwolle in inwoners,
  geboorten per 1.000 en stedelijkheid"), from peers.alike_in / the `lijkt_op` column of peers.find_peers;
- `peer_context_table(...)`: the chosen municipality and its peers with their CBS context and each peer's reason;
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

import pandas as pd

from kansrijke.data import context
from kansrijke.domain import peers
from kansrijke.text import fmt_eur, fmt_number, fmt_pct, t


def join_words(words: list[str], lang: str) -> str:
    """'a', 'a en b', 'a, b en c' (English: 'a, b and c')."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {t('vergelijk.reason_and', lang)} {words[-1]}"


def reason_word(key: str, lang: str) -> str:
    """A characteristic in a sentence ('geboorten per 1.000'), with '(gemodelleerd)' for a modelled one."""
    word = t(f"vergelijk.reason_feature.{key}", lang)
    return f"{word} ({t('vergelijk.feature_modelled', lang)})" if peers.BY_KEY[key].modelled else word


def peer_reason(naam: str, keys: Iterable[str], lang: str) -> str:
    """'lijkt op Zwolle in inwoners, geboorten per 1.000 en stedelijkheid' for the keys a peer is most alike in (a
    modelled characteristic marked as such)."""
    words = [reason_word(key, lang) for key in keys]
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


# The context figures a proposed peer is listed with (issue 22: births, age, urbanity, households, income), as CBS
# states them in context_2020.csv (births per 1,000: CBS's whole-number rate, not the finer one peers compare on).
# Column -> the catalogue key of its name.
PEER_CONTEXT: dict[str, str] = {
    "geboorten_per_1000": "context.indicator.geboorten_per_1000",
    "aandeel_0_14": "context.indicator.aandeel_0_14",
    "stedelijkheid": "context.indicator.stedelijkheid",
    "aandeel_met_kinderen": "context.indicator.aandeel_met_kinderen",
    "aandeel_laag_inkomen": "context.indicator.aandeel_laag_inkomen",
    "aandeel_sociaal_minimum": "context.indicator.aandeel_sociaal_minimum",
}


def context_value(column: str, value, lang: str) -> str:
    """One context figure as shown: '11', '18%', '2 (sterk stedelijk)', '7,0%'; '–' when CBS publishes none."""
    if value is None or pd.isna(value):
        return t("format.missing", lang)
    kind = context.BY_COLUMN[column].kind
    if kind == "class":
        return f"{int(value)} ({urbanity_label(int(value), lang)})"
    # the income shares as CBS gives them, to one decimal; the others whole unless CBS gives a decimal
    decimals = 1 if context.BY_COLUMN[column].block == "inkomen" or not float(value).is_integer() else 0
    if kind == "share":
        return fmt_pct(float(value), lang, decimals)
    return fmt_number(float(value), lang, decimals)


def context_header(column: str, lang: str) -> str:
    """A context column's header (one of PEER_CONTEXT) with its reference period: 'Huishoudens met kinderen,
    1 januari 2020'."""
    return f"{t(PEER_CONTEXT[column], lang)}, {period_label(column, lang)}"


def peer_context_table(
    context_table: pd.DataFrame,
    names: Mapping[str, str],
    selected: str,
    chosen: Iterable[str],
    reasons: Mapping[str, Iterable[str]],
    lang: str,
) -> pd.DataFrame:
    """The chosen municipality and its peers with their CBS context (PEER_CONTEXT) and, per peer, the reason it is
    proposed in plain words (`reasons`: code -> the keys it is most alike in, find_peers' `lijkt_op`; a peer picked
    by hand that is not ranked gets none). Text columns, one row per municipality, the chosen one first."""
    figures = context_table.set_index("code")
    codes = [selected, *(c for c in chosen if c != selected)]
    rows = []
    for code in codes:
        if code == selected:
            reason = t("vergelijk.role.gekozen", lang)
        else:
            reason = peer_reason(names[selected], reasons.get(code, ()), lang)
        row = {t("vergelijk.col.gemeente", lang): names[code], t("vergelijk.col.lijkt_op", lang): reason}
        for column in PEER_CONTEXT:
            value = figures.at[code, column] if code in figures.index else None
            row[context_header(column, lang)] = context_value(column, value, lang)
        rows.append(row)
    return pd.DataFrame(rows)
