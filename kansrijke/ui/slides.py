"""The presenter mode's glue: the slide number (from the URL once per session, ?dia=3), the buttons and keys that
move it, the large-type CSS (kansrijke/ui/css/presenter.css), and the one map of the map slides."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kansrijke.domain import coalitions, slides
from kansrijke.text import t
from kansrijke.ui import page_map, render, state
from kansrijke.ui.cache import Data, T, call, get
from kansrijke.views import slides_view, vega_maps
from kansrijke.views.coalition_view import map_values_at, summary_sentence

KEY = slides.URL_KEY  # the URL parameter "dia" (?dia=3)
RESTORED_KEY = f"_{KEY}_restored"
MAP_SLOT = "dia_kaartvak"
# On a slide without a map, its slot is hidden, yet laid out at the width it has when shown (so showing it redraws
# nothing): out of sight, out of the accessibility tree and the tab order (visibility), taking no room (height 0,
# and no gap after it).
MAP_HIDDEN_CSS = (
    f"<style>.st-key-{MAP_SLOT} {{ visibility: hidden; overflow: hidden; flex: 0 0 0 !important; "
    "height: 0 !important; min-height: 0 !important; margin-bottom: -1rem; }</style>"
)
MAP_SHOWN_CSS = "<style></style>"


def large_type() -> None:
    """The presenter's CSS: large type, no sidebar, header or toolbar (sent with this page only)."""
    st.markdown(render.css("presenter.css", "map_box.css", extra=vega_maps.OVERLAY_CSS), unsafe_allow_html=True)


def current_slide(count: int, lang: str) -> int:
    """The slide shown: from the URL once per session (a bad value gives slide 1 and a notice), kept in the URL."""
    if RESTORED_KEY not in st.session_state:
        st.session_state[RESTORED_KEY] = True
        raw = st.query_params.get(KEY)
        number, valid = slides.parse_slide_number(raw, count)
        st.session_state[KEY] = number
        if not valid:
            st.toast(t("presentatie.bad_dia", lang, value=raw, count=count))
    current = slides.step(int(st.session_state.get(KEY, 1)), 0, count)
    st.session_state[KEY] = current
    state.keep_in_url(KEY, current, 1)
    return current


def _go(delta: int, count: int) -> None:
    st.session_state[KEY] = slides.step(st.session_state[KEY], delta, count)


def _button(label: str, key: str, shortcut: str, delta: int, disabled: bool, count: int, **kwargs) -> None:
    st.button(label, key=key, shortcut=shortcut, on_click=_go, args=(delta, count), disabled=disabled, **kwargs)


def top_bar(current: int, count: int, lang: str) -> None:
    """Where we are and the controls; space and the Page keys of a presenter's clicker get buttons of their own,
    hidden by the CSS (they stay mounted, so their shortcuts work; the visible buttons carry the same action)."""
    bar = st.columns([6, 2, 2, 3], vertical_alignment="center")
    with bar[0]:
        st.markdown(slides_view.kicker(current, count, lang), unsafe_allow_html=True)
    shown = {"width": "stretch", "help": t("presentatie.keys_hint", lang)}
    with bar[1]:
        _button(t("presentatie.prev", lang), "dia_vorige", "Left", -1, current == 1, count, **shown)
    with bar[2]:
        _button(
            t("presentatie.next", lang), "dia_volgende", "Right", 1, current == count, count, type="primary", **shown
        )
    with bar[3]:
        st.page_link("pages/kaart.py", label=t("presentatie.exit", lang))
    _button(t("presentatie.next_space", lang), "dia_spatie", "Space", 1, current == count, count)
    _button(t("presentatie.next_page", lang), "dia_pagedown", "PageDown", 1, current == count, count)
    _button(t("presentatie.prev_page", lang), "dia_pageup", "PageUp", -1, current == 1, count)


def map_slot(data: Data, deck_of_slides, current: int, lang: str) -> None:
    """The map of the map slides, in one place on every slide: shown on a map slide, laid out but hidden on the
    others, with the values of the map slide nearest before (slides.map_stand). The browser draws it once, with the
    first slide; a step to a map slide then shows or recolours a map it already has."""
    slide = deck_of_slides[current - 1]
    spec = get(
        data,
        vega_maps.map_spec,
        vega_maps.catalogue_tips(vega_maps.COALITION_TIPS, lang),
        text_columns=tuple(vega_maps.COALITION_TIPS),
        description=t("map.description", lang),
    )
    stand = slides.map_stand([s.spec for s in deck_of_slides], current)
    with st.container(key=MAP_SLOT):
        left, right = st.columns([2, 1])
        if stand is not None:
            values = call(map_values_at, T.coalities, T.gemeenten, T.inwoners, pd.Timestamp(stand), lang)
            with left:
                page_map.municipality_map(data, spec, values, key="dia_kaart", search_key=None)
        if slide.spec.kind == "kaart":
            counts = get(data, coalitions.counts_at, T.coalities, T.gemeenten, pd.Timestamp(slide.spec.stand))
            with right:
                for part in slides_view.map_side(slide, summary_sentence(counts, lang), lang):
                    st.markdown(part, unsafe_allow_html=True)
    # after the map's box, so that the box keeps its place in the page (and the browser its map) on every slide
    st.html(MAP_SHOWN_CSS if slide.spec.kind == "kaart" else MAP_HIDDEN_CSS)
