"""Presenter mode for the national conference: full-screen slides in large type, moved by keyboard or buttons.

The sequence and every figure on it come from kansrijke/slides.py (published figures from mijlpalen.csv, each with
its source); this page only renders. The slide number is in the URL (?dia=3). No sidebar, header or toolbar on this
page: the CSS below is sent with this page only, so the other pages keep theirs.
"""

import html

import pandas as pd
import streamlit as st

from kansrijke.domain import coalitions, slides, stories
from kansrijke.text import fmt_milestone, fmt_pct, t
from kansrijke.ui import cache, dataset, page_map, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.views import captions, maps, vega_maps
from kansrijke.views.coalition_view import map_values_at, summary_sentence

state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()
deck_of_slides = cache.cached(slides.build)(tables.mijlpalen, tables.verhalen)  # the same for every visitor
count = len(deck_of_slides)
KEY = slides.URL_KEY  # the URL parameter "dia" (?dia=3)
MAP_TIPS = ("naam", "tranche_label", "datum_label", "inwoners_label", "basis_label")
TIP_TITLES = {
    "naam": "naam",
    "tranche_label": "tranche",
    "datum_label": "datum",
    "inwoners_label": "inwoners",
    "basis_label": "basis",
}

# Large type: the root font size follows the window width, so everything in rem (Streamlit's own text, buttons,
# headings) and the slide styles below grow with the screen: about 20 px at 1280 wide, 30 px at 1920.
# Dark text (#1A1A1A) on white: 17:1; the grey of source lines (#3D3D3D) on white: 11:1 (WCAG AAA).
st.markdown(
    """
<style>
html { font-size: clamp(16px, 1.6vw, 34px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stMainMenu"], .st-key-dia_spatie, .st-key-dia_pagedown, .st-key-dia_pageup { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 2.2rem 0.2rem 2.2rem !important; max-width: 100% !important; }
[data-testid="stMain"], [data-testid="stAppViewContainer"] { padding-top: 0 !important; margin-top: 0 !important; }
[data-testid="stMain"] h1 { font-size: 2.3rem !important; line-height: 1.15; padding: 0.1rem 0 0.2rem 0 !important; }
[data-testid="stMain"] h1 a, [data-testid="stMain"] h2 a { display: none !important; }
[data-testid="stMain"] h2 { font-size: 1.6rem !important; padding: 0.2rem 0 !important; }
"""
    + page_map.map_box_css("calc(100vh - 235px)")
    + """
.ks-kicker { font-size: 0.8rem; color: #3D3D3D; letter-spacing: 0.04em; text-transform: uppercase; }
.ks-note { font-size: 0.95rem; color: #1A1A1A; margin: 0 0 0.6rem 0; }
.ks-cards { display: flex; flex-wrap: wrap; gap: 1rem 1.4rem; margin: 0.6rem 0; }
.ks-card { flex: 1 1 8rem; border-left: 0.35rem solid #0B5A8E; padding: 0.2rem 0 0.2rem 0.8rem; }
.ks-value { font-size: 2.6rem; font-weight: 700; line-height: 1.1; color: #1A1A1A; }
.ks-many { display: grid; grid-template-columns: repeat(3, 1fr); }
.ks-many .ks-value { font-size: 2.1rem; }
.ks-label { font-size: 1.0rem; line-height: 1.3; color: #1A1A1A; }
.ks-date { font-size: 0.85rem; color: #3D3D3D; }
.ks-progress { height: 1.4rem; background: #E4E7EC; border: 1px solid #1A1A1A; margin: 0.4rem 0 0.3rem 0; }
.ks-progress > div { height: 100%; background: #0B5A8E; }
.ks-sources { font-size: 0.72rem; color: #3D3D3D; margin-top: 0.6rem; border-top: 1px solid #B0B0B0;
              padding-top: 0.3rem; }
.ks-story { font-size: 1.25rem; line-height: 1.45; max-width: 62rem; color: #1A1A1A; }
.ks-summary { font-size: 0.8rem; line-height: 1.35; color: #1A1A1A; margin-bottom: 0.4rem; }
.ks-legend { display: grid; grid-template-columns: 1fr 1fr; gap: 0.15rem 0.8rem; font-size: 0.68rem;
             line-height: 1.25; }
</style>
""",
    unsafe_allow_html=True,
)


MAP_SLOT = "dia_kaartvak"
# Hidden, yet laid out at the width it has when shown (so showing it redraws nothing): out of sight, out of the
# accessibility tree and the tab order (visibility), taking no room (height 0, and no gap after it).
MAP_HIDDEN_CSS = (
    f"<style>.st-key-{MAP_SLOT} {{ visibility: hidden; overflow: hidden; flex: 0 0 0 !important; "
    "height: 0 !important; min-height: 0 !important; margin-bottom: -1rem; }</style>"
)
MAP_SHOWN_CSS = "<style></style>"


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def sources_html(sources, extra: str = "") -> str:
    """The source line of a slide: every document behind its figures, with its date (plus e.g. the map credit)."""
    parts = [f"{s.bron} ({s.bron_datum})" if s.bron_datum else s.bron for s in sources]
    key = "presentatie.source" if len(parts) == 1 else "presentatie.sources"
    line = t(key, lang, sources="; ".join(parts)) + (f". {extra}" if extra else "")
    return f'<div class="ks-sources">{esc(line)}</div>'


def card_html(figure) -> str:
    return (
        f'<div class="ks-card"><div class="ks-value">{esc(fmt_milestone(figure.row, lang))}</div>'
        f'<div class="ks-label">{esc(t(figure.ref.label_key, lang))}</div>'
        f'<div class="ks-date">{esc(slides.date_text(figure.row, lang))}</div></div>'
    )


def cards_html(figures) -> str:
    many = " ks-many" if len(figures) > 3 else ""  # five amounts: three a row, a little smaller
    return f'<div class="ks-cards{many}">' + "".join(card_html(f) for f in figures) + "</div>"


def go(delta: int) -> None:
    st.session_state[KEY] = slides.step(st.session_state[KEY], delta, count)


# ------------------------------------------------------------------ which slide (from the URL once per session)
if f"_{KEY}_restored" not in st.session_state:
    st.session_state[f"_{KEY}_restored"] = True
    raw = st.query_params.get(KEY)
    number, valid = slides.parse_slide_number(raw, count)
    st.session_state[KEY] = number
    if not valid:
        st.toast(t("presentatie.bad_dia", lang, value=raw, count=count))
current = slides.step(int(st.session_state.get(KEY, 1)), 0, count)
st.session_state[KEY] = current
state.keep_in_url(KEY, current, 1)
slide = deck_of_slides[current - 1]
spec = slide.spec

# ------------------------------------------------------------------ top bar: where we are and the controls
bar = st.columns([6, 2, 2, 3], vertical_alignment="center")
with bar[0]:
    st.markdown(
        f'<div class="ks-kicker">{esc(t("presentatie.kicker", lang))} · '
        f"{esc(t('presentatie.counter', lang, n=current, total=count))}</div>",
        unsafe_allow_html=True,
    )
with bar[1]:
    st.button(
        t("presentatie.prev", lang),
        key="dia_vorige",
        shortcut="Left",
        on_click=go,
        args=(-1,),
        disabled=current == 1,
        width="stretch",
        help=t("presentatie.keys_hint", lang),
    )
with bar[2]:
    st.button(
        t("presentatie.next", lang),
        key="dia_volgende",
        shortcut="Right",
        on_click=go,
        args=(1,),
        disabled=current == count,
        type="primary",
        width="stretch",
        help=t("presentatie.keys_hint", lang),
    )
with bar[3]:
    st.page_link("pages/kaart.py", label=t("presentatie.exit", lang))
# One shortcut per button: space and the Page keys of a presenter's clicker get buttons of their own, hidden by the
# CSS above (they stay mounted, so their shortcuts work; the visible buttons carry the same action).
st.button(
    t("presentatie.next_space", lang),
    key="dia_spatie",
    shortcut="Space",
    on_click=go,
    args=(1,),
    disabled=current == count,
)
st.button(
    t("presentatie.next_page", lang),
    key="dia_pagedown",
    shortcut="PageDown",
    on_click=go,
    args=(1,),
    disabled=current == count,
)
st.button(
    t("presentatie.prev_page", lang),
    key="dia_pageup",
    shortcut="PageUp",
    on_click=go,
    args=(-1,),
    disabled=current == 1,
)

# ------------------------------------------------------------------ the maps of every map slide, prepared once
map_spec = page_map.map_spec(
    vega_maps.tips(MAP_TIPS, lambda f: t(f"map.tip.{TIP_TITLES[f]}", lang)),
    text_columns=MAP_TIPS,
    description=t("map.description", lang),
)
map_values = {
    s.spec.stand: page_map.arrow_of(
        map_values_at, tables.coalities, tables.gemeenten, tables.inwoners, pd.Timestamp(s.spec.stand), lang
    )
    for s in deck_of_slides
    if s.spec.kind == "kaart"
}

# ------------------------------------------------------------------ the slide
st.title(t(spec.title_key, lang))
st.markdown(f'<p class="ks-note">{esc(t(spec.note_key, lang))}</p>', unsafe_allow_html=True)

# The map of the map slides, in one place on every slide: shown on a map slide, laid out but hidden on the others
# (MAP_HIDDEN_CSS), with the values of the map slide nearest before (slides.map_stand). The browser draws it once,
# with the first slide; a step to a map slide then shows or recolours a map it already has.
stand = slides.map_stand([s.spec for s in deck_of_slides], current)
with st.container(key=MAP_SLOT):
    left, right = st.columns([2, 1])
    if stand is not None:
        with left:
            page_map.municipality_map(map_spec, map_values[stand], key="dia_kaart", search_key=None)
    if spec.kind == "kaart":
        counts = cache.cached(coalitions.counts_at)(tables.coalities, tables.gemeenten, pd.Timestamp(spec.stand))
        with right:
            st.markdown(cards_html(slide.figures), unsafe_allow_html=True)
            st.markdown(f'<p class="ks-summary">{esc(summary_sentence(counts, lang))}</p>', unsafe_allow_html=True)
            st.markdown(
                f'<div class="ks-legend">{captions.legend_html(maps.legend_items(), lang)}</div>',
                unsafe_allow_html=True,
            )
            # beside the map (not under it): the map takes the screen's height, the sources stay on the screen
            st.markdown(sources_html(slide.sources, extra=t("presentatie.map_credit", lang)), unsafe_allow_html=True)
# after the map's box, so that the box keeps its place in the page (and the browser its map) on every slide
st.html(MAP_SHOWN_CSS if spec.kind == "kaart" else MAP_HIDDEN_CSS)

if spec.kind == "cijfers":
    st.markdown(cards_html(slide.figures) + sources_html(slide.sources), unsafe_allow_html=True)

elif spec.kind == "nnz":
    first, reach = slide.figures[0], slide.figures[1:]
    progress = t(
        "presentatie.nnz.progress",
        lang,
        pct=fmt_pct(slide.progress_pct, lang),
        target=fmt_milestone(slide.target.row, lang),
        target_date=slides.date_text(slide.target.row, lang),
    )
    width = max(0.0, min(100.0, slide.progress_pct))
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(
            cards_html([first])
            + f'<div class="ks-progress" role="img" aria-label="{esc(progress)}">'
            + f'<div style="width:{width:.1f}%"></div></div>'
            + f'<div class="ks-label">{esc(progress)}</div>',
            unsafe_allow_html=True,
        )
    with right:
        st.subheader(t("presentatie.nnz.reach", lang))
        st.markdown(
            cards_html(reach) + f'<p class="ks-date">{esc(t("presentatie.nnz.reach_note", lang))}</p>',
            unsafe_allow_html=True,
        )
    st.markdown(sources_html(slide.sources), unsafe_allow_html=True)

elif spec.kind == "verhaal":
    story = stories.story_of(spec.story, stories.stories(tables.verhalen, tables.gemeenten, lang))
    st.subheader(captions.escape_markdown(story.titel))
    st.markdown(
        f'<div class="ks-label" style="margin-bottom:0.6rem"><b>{esc(stories.places_text(story, lang))}</b> · '
        f"{esc(t('verhalen.theme', lang, thema=story.thema))}</div>"
        f'<div class="ks-story">{esc(story.samenvatting)}</div>' + sources_html(slide.sources),
        unsafe_allow_html=True,
    )

# ------------------------------------------------------------------ take home: all ten slides as files
with widgets.lazy_expander(t("exports.slides_take_home", lang), key="dia_bestanden_open") as box:
    if box.open:
        take_home.slides_downloads(tables, lang)
