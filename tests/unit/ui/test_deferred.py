"""kansrijke/ui/deferred.py: a session's first run stops after the map, with a line where the rest comes, and
places the timed fragment that asks for it; every later run draws the whole page and places no timer."""

from streamlit.testing.v1 import AppTest


def page():
    import streamlit as st

    from kansrijke.ui import deferred

    deferred.count_run()
    st.write("kaart")
    deferred.rest_later("nl")
    st.write("grafiek")


def placeholders(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html") if "ks-volgt" in e.proto.body]


def test_the_first_run_leaves_the_rest_for_the_next():
    at = AppTest.from_function(page).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["kaart"]
    [line] = placeholders(at)
    assert "De rest van de pagina komt eraan" in line
    assert at.session_state["_ks_rest_asked"], "the first run placed the fragment that asks for the rest"

    at.run()  # what the fragment's timed run starts (or any control a visitor changes first)
    assert [m.value for m in at.markdown] == ["kaart", "grafiek"]
    assert placeholders(at) == []


def test_a_session_that_has_run_before_gets_the_whole_page_at_once():
    at = AppTest.from_function(page)
    at.session_state["_ks_runs"] = 3
    at.run()
    assert [m.value for m in at.markdown] == ["kaart", "grafiek"]
    assert placeholders(at) == []
    assert "_ks_rest_asked" not in at.session_state, "no timer placed"
