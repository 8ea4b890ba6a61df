"""kansrijke/views/compare_view.py: the comparison page's peers as a pure function of the link and the widgets
(read once per visit, picked by hand, reset, forgotten for another municipality), and the map frame of a view."""

from __future__ import annotations

import pandas as pd

from kansrijke.views import compare_view as view
from kansrijke.views.compare_view import PeerState

KNOWN = ("GM0363", "GM0599", "GM0518", "GM0014", "GM0344")
PROPOSALS = ("GM0599", "GM0518", "GM0344")


def test_weights_in_the_link_that_are_not_a_weight_are_rejected():
    url = {"gewicht_inwoners": "veel", "gewicht_provincie": "11", "gewicht_tranche": "3", "zoek": "Amsterdam"}
    assert set(view.rejected_weights(url)) == {"gewicht_inwoners", "gewicht_provincie"}
    assert view.rejected_weights({"gewicht_inwoners": "0", "gewicht_provincie": str(view.peers.MAX_WEIGHT)}) == ()


def test_the_links_peers_become_hand_picked_once_per_visit():
    state, rejected = view.link_peers(PeerState(), ["GM0599,GM0014"], KNOWN, "GM0363")
    assert not rejected and state == PeerState(of="GM0363", picked=("GM0599", "GM0014"), link_read=True)
    again, rejected = view.link_peers(view.reset_peers(state), ["GM0518"], KNOWN, "GM0363")
    assert not rejected and again.picked is None  # the link is read once: a reset stays a reset
    _, shown = view.peer_view(state, "GM0363", PROPOSALS)
    assert shown.chosen == ("GM0599", "GM0014") and shown.link_value == "GM0599,GM0014"


def test_unknown_codes_or_peers_without_a_municipality_are_rejected():
    state, rejected = view.link_peers(PeerState(), ["GM0599,GM9999"], KNOWN, "GM0363")
    assert rejected and state.picked is None and state.link_read
    _, rejected = view.link_peers(PeerState(), ["GM0599"], KNOWN, None)
    assert rejected
    state, rejected = view.link_peers(PeerState(), None, KNOWN, "GM0363")  # no peers in the link
    assert not rejected and state == PeerState(link_read=True)


def test_without_hand_picked_peers_the_proposals_are_shown_and_left_out_of_the_link():
    _, shown = view.peer_view(PeerState(link_read=True), "GM0363", PROPOSALS)
    assert shown.chosen == PROPOSALS and shown.link_value is None


def test_a_removed_peer_is_kept_and_the_proposals_again_are_no_hand_pick():
    state = view.picked_peers(PeerState(link_read=True), "GM0363", PROPOSALS, ["GM0599", "GM0344"])
    _, shown = view.peer_view(state, "GM0363", PROPOSALS)
    assert shown.chosen == ("GM0599", "GM0344") and shown.link_value == "GM0599,GM0344"
    added = view.picked_peers(state, "GM0363", PROPOSALS, ["GM0599", "GM0344", "GM0014"])
    assert view.peer_view(added, "GM0363", PROPOSALS)[1].link_value == "GM0599,GM0344,GM0014"
    back = view.picked_peers(added, "GM0363", PROPOSALS, ["GM0344", "GM0518", "GM0599"])  # any order
    assert back.picked is None and view.peer_view(back, "GM0363", PROPOSALS)[1].chosen == PROPOSALS


def test_another_municipality_starts_from_its_own_proposals():
    state = view.picked_peers(PeerState(link_read=True), "GM0363", PROPOSALS, ["GM0014"])
    state, shown = view.peer_view(state, "GM0599", ("GM0363", "GM0599", "GM0518"))
    assert shown.chosen == ("GM0363", "GM0518")  # a municipality is not its own peer
    assert state.picked is None and shown.link_value is None
    assert view.peer_view(state, "GM0363", PROPOSALS)[1].chosen == PROPOSALS  # and the old pick is gone


def test_the_map_frame_fills_the_chosen_one_and_outlines_its_peers():
    ranked = pd.DataFrame({"code": ["GM0599", "GM0518"], "gelijkenis": [0.9, 0.754]})
    frame = view.map_frame("GM0363", ("GM0599", "GM0518"), ranked, "nl")
    assert frame["code"].tolist() == ["GM0363", "GM0599", "GM0518"]
    assert frame.loc[0, "fill_color"] == view.CHOSEN_FILL and frame.loc[1, "fill_color"] == view.PEER_FILL
    assert pd.isna(frame.loc[0, "line_width"]) and frame.loc[1, "line_width"] == 2.0
    assert frame["gelijkenis_label"].tolist()[0] == "" and "75,4" in frame["gelijkenis_label"].tolist()[2]
    assert view.map_frame(None, (), None, "nl").empty
