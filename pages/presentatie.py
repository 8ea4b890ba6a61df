"""Presenter mode for the national conference: full-screen slides in large type, moved by keyboard or buttons.

The sequence and every figure on it come from kansrijke/domain/slides.py (published figures from mijlpalen.csv, each
with its source); this page only renders. The slide number is in the URL (?dia=3). No sidebar, header or toolbar on
this page: its CSS (kansrijke/ui/css/presenter.css) is sent with this page only, so the other pages keep theirs.
"""

import streamlit as st

from kansrijke.domain import slides, stories
from kansrijke.text import t
from kansrijke.ui import dataset, state, widgets
from kansrijke.ui import exports as take_home
from kansrijke.ui import slides as presenter
from kansrijke.ui.cache import T, get
from kansrijke.views import captions, slides_view

state.through_app()
lang = state.language()
data = dataset.data_or_stop()
deck_of_slides = get(data, slides.build, T.mijlpalen, T.verhalen)  # the same for every visitor
count = len(deck_of_slides)

presenter.large_type()
current = presenter.current_slide(count, lang)
slide = deck_of_slides[current - 1]
presenter.top_bar(current, count, lang)

st.title(t(slide.spec.title_key, lang))
st.markdown(slides_view.note(slide, lang), unsafe_allow_html=True)
presenter.map_slot(data, deck_of_slides, current, lang)

if slide.spec.kind == "cijfers":
    st.markdown(
        slides_view.cards_html(slide.figures, lang) + slides_view.sources_html(slide.sources, lang),
        unsafe_allow_html=True,
    )
elif slide.spec.kind == "nnz":
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(slides_view.nnz_progress(slide, lang), unsafe_allow_html=True)
    with right:
        st.subheader(t("presentatie.nnz.reach", lang))
        st.markdown(slides_view.nnz_reach(slide, lang), unsafe_allow_html=True)
    st.markdown(slides_view.sources_html(slide.sources, lang), unsafe_allow_html=True)
elif slide.spec.kind == "verhaal":
    story = stories.story_of(str(slide.spec.story), get(data, stories.stories, T.verhalen, T.gemeenten, lang))
    st.subheader(captions.escape_markdown(story.titel))
    st.markdown(slides_view.story_html(slide, story, lang), unsafe_allow_html=True)

# ------------------------------------------------------------------ take home: all ten slides as files
with widgets.lazy_expander(t("exports.slides_take_home", lang), key="dia_bestanden_open") as box:
    if box.open:
        take_home.slides_downloads(data, lang)
