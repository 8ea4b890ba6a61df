"""Map first, the rest after: a new visitor's first page comes without what lies below its map.

A browser draws every element of a page in one go, and compiles every Vega chart before the map's polygons have
arrived, so the sections below a map delay its first paint (on the funding page by about 0.5 s). A session's first
run therefore stops after the map and what sits beside it, leaving a line where the rest comes; a timed fragment
asks for the page again DELAY_S seconds later, when the map has painted, and that run and every later one draw the
whole page. The extra run happens only in a browser and once per session; a visitor who changes a control before
the delay gets the whole page with that change."""

from __future__ import annotations

import html

import streamlit as st

from kansrijke.text import t
from kansrijke.views import blocks

PLACEHOLDER = "ks-volgt"  # CSS class of the line where the rest will come (tests wait for it to go)
RUNS_KEY = "_ks_runs"  # the session's full runs so far (app.py counts them)
ASKED_KEY = "_ks_rest_asked"  # the first run has asked for the rest of its page
DELAY_S = 1.5  # enough for a new visitor's map to paint on a slow laptop (about 1 s here)


def count_run() -> None:
    """Count a full run of the app (called by app.py, once per run, before the page)."""
    st.session_state[RUNS_KEY] = st.session_state.get(RUNS_KEY, 0) + 1


def first_run() -> bool:
    """Whether this is the session's first full run (a new visitor's first page)."""
    return st.session_state.get(RUNS_KEY, 1) <= 1


def rest_later(lang: str) -> None:
    """Call where a page's map and what sits beside it end. In a session's first run: put a line where the rest
    of the page comes, place the timed fragment that asks for it, and stop the run (st.stop). Otherwise nothing."""
    if not first_run():
        return
    st.html(blocks.block(f'<p class="ks-onderschrift {PLACEHOLDER}">{html.escape(t("page.coming", lang))}</p>'))
    _ask_for_the_rest()
    st.stop()


@st.fragment(run_every=DELAY_S)
def _ask_for_the_rest() -> None:
    # Drawn with the first run (nothing to show); its first timed run reruns the whole page, which no longer
    # places this fragment, so the browser stops its timer.
    if st.session_state.get(ASKED_KEY):
        st.rerun()
    st.session_state[ASKED_KEY] = True
