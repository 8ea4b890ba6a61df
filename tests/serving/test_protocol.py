"""The websocket protocol client (kansrijke/serving/protocol.py) against a real, tiny Streamlit server: it gets a
rendered page, reports a traceback, an unknown page and a page that takes too long, passes the query string and
the page on, and sends no websocket pings (a browser sends none)."""

from __future__ import annotations

import asyncio
import textwrap

import pytest

from kansrijke.serving.protocol import Session, VisitError, visit
from tests.e2e import harness

TINY_APP = textwrap.dedent("""
    import time
    import streamlit as st

    def home():
        if st.query_params.get("boom"):
            raise ValueError("kapot")
        if st.query_params.get("slow"):
            time.sleep(float(st.query_params["slow"]))
        if st.query_params.get("rerun") and not st.session_state.get("rerun_once"):
            st.session_state["rerun_once"] = True
            st.rerun()
        st.write("hallo", st.query_params.get("naam", ""))

    def second():
        st.write("tweede")
        st.write("pagina")
        st.write("drie elementen")

    def later():
        from kansrijke.ui import deferred   # as a map page: the first run stops, a timed fragment asks for the rest

        deferred.count_run()
        st.write("kaart")
        deferred.rest_later("nl")
        st.write("de rest")

    st.navigation([st.Page(home, title="Home", url_path="home", default=True),
                   st.Page(second, title="Tweede", url_path="tweede"),
                   st.Page(later, title="Later", url_path="later")]).run()
""")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    script = tmp_path_factory.mktemp("tiny") / "tiny_app.py"
    script.write_text(TINY_APP, encoding="utf-8")
    with harness.Server(script) as running:
        yield running


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 90))


def test_a_visit_ends_with_the_rendered_page_after_a_rerun(server):
    session, page = run(visit(server.url, "", "naam=Delft&rerun=1", timeout=60))
    assert page.seconds > 0 and page.bytes > 0 and page.messages > 0
    assert page.reruns == 1  # st.rerun() ended the first run early; the second one rendered
    assert page.page_names == ["", "tweede", "later"]  # the navigation the server announced (default page = "")
    assert page.texts == ["hallo Delft"]  # what the rendered run drew (the early-ended run is dropped)
    assert session.session_id


def test_a_named_page_renders_its_own_elements(server):
    _, home = run(visit(server.url, "", "", timeout=60))
    _, second = run(visit(server.url, "tweede", "", timeout=60))
    assert home.reruns == 0 and second.reruns == 0
    assert second.elements >= home.elements + 2  # three texts on the second page, one on home


def test_a_traceback_on_the_page_is_an_error(server):
    with pytest.raises(VisitError, match="traceback on the page"):
        run(visit(server.url, "", "boom=1", timeout=60))


def test_an_unknown_page_is_an_error(server):
    with pytest.raises(VisitError, match="page not found"):
        run(visit(server.url, "bestaat-niet", "", timeout=60))


def test_a_visitor_gives_up_after_the_timeout(server):
    with pytest.raises(VisitError, match="no rendered page within 1 s"):
        run(visit(server.url, "", "slow=5", timeout=1))


def test_the_client_sends_no_pings_and_keeps_the_session_open_until_asked(server):
    async def scenario():
        session = await Session(server.url).connect()
        assert session.websocket.ping_interval is None
        first = await session.open_page("tweede")
        again = await session.open_page("tweede")  # the same session, a second run
        assert session.connected
        await session.close()
        assert not session.connected
        return first, again

    first, again = run(scenario())
    assert first.bytes > 0 and again.bytes > 0


def test_a_visitor_runs_the_timed_fragment_that_brings_the_rest_of_the_page(server):
    """As a browser: a page whose first run leaves the rest to a timed fragment (kansrijke.ui.deferred) is whole
    once the visitor has run that fragment; bytes count both runs, `seconds` is still the first run's."""
    _, first = run(visit(server.url, "later", "", timeout=60, whole=False))
    assert first.timers and first.whole_seconds is None
    assert "kaart" in first.texts and "de rest" not in first.texts
    _, whole = run(visit(server.url, "later", "", timeout=60))
    assert "kaart" in whole.texts and "de rest" in whole.texts
    assert whole.whole_seconds >= whole.seconds + whole.timers[0][0]
    assert whole.bytes > first.bytes
    _, plain = run(visit(server.url, "tweede", "", timeout=60))
    assert plain.timers == [] and plain.whole_seconds is None
