"""Map first, charts after: a new visitor's first page comes without the charts below its map.

A browser compiles and draws every Vega chart of a page before the map's polygons have arrived, so charts below
the map delay the map's first paint (on the funding page by about 0.5 s). A session's first run therefore leaves
those charts out; a timed fragment asks for the page again DELAY_S seconds later, by then the map has painted, and
that run and every later one draw the charts at once. The extra run happens only in a browser and once per
session; a visitor who changes a control before the delay gets the charts with that change."""
from __future__ import annotations

import html

import streamlit as st

from kansrijke.text import t
from kansrijke.views import blocks

PLACEHOLDER = "ks-volgt"          # CSS class of the line that stands where a chart will come (tests wait for it to go)
RUNS_KEY = "_ks_runs"            # the session's full runs so far (app.py counts them)
ASKED_KEY = "_ks_charts_asked"   # the first run has asked for the charts
DELAY_S = 1.5                    # enough for a new visitor's map to paint on a slow laptop (about 1 s here)


def count_run() -> None:
    """Count a full run of the app (called by app.py, once per run, before the page)."""
    st.session_state[RUNS_KEY] = st.session_state.get(RUNS_KEY, 0) + 1


def first_run() -> bool:
    """Whether this is the session's first full run (a new visitor's first page)."""
    return st.session_state.get(RUNS_KEY, 1) <= 1


def charts_now() -> bool:
    """Whether this run draws the charts below the map. Call once per run of a page, where the charts would
    first appear: in a session's first run it places the timed fragment that asks for them, and returns False."""
    if not first_run():
        return True
    _ask_for_charts()
    return False


def placeholder(lang: str) -> None:
    """The line that stands where a chart comes in the next run."""
    st.html(blocks.block(f'<p class="ks-onderschrift {PLACEHOLDER}">{html.escape(t("chart.coming", lang))}</p>'))


@st.fragment(run_every=DELAY_S)
def _ask_for_charts() -> None:
    # Drawn with the first run (nothing to show); its first timed run reruns the whole page, which no longer
    # places this fragment, so the browser stops its timer.
    if st.session_state.get(ASKED_KEY):
        st.rerun()
    st.session_state[ASKED_KEY] = True
