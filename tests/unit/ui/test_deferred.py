"""kansrijke/ui/deferred.py: a session's first run leaves the charts out and places the timed fragment that asks
for them; every later run draws them at once and places no timer."""
from streamlit.testing.v1 import AppTest


def page():
    import streamlit as st

    from kansrijke.ui import deferred

    deferred.count_run()
    if deferred.charts_now():
        st.write("grafiek")
    else:
        deferred.placeholder("nl")


def placeholders(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html") if "ks-volgt" in e.proto.body]


def test_the_first_run_leaves_the_chart_for_the_next():
    at = AppTest.from_function(page).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == []
    [line] = placeholders(at)
    assert "De grafiek wordt getekend" in line
    assert at.session_state["_ks_charts_asked"], "the first run placed the fragment that asks for the charts"

    at.run()   # what the fragment's timed run starts (or any control a visitor changes first)
    assert [m.value for m in at.markdown] == ["grafiek"]
    assert placeholders(at) == []


def test_a_session_that_has_run_before_draws_the_chart_at_once():
    at = AppTest.from_function(page)
    at.session_state["_ks_runs"] = 3
    at.run()
    assert [m.value for m in at.markdown] == ["grafiek"]
    assert "_ks_charts_asked" not in at.session_state, "no timer placed"
