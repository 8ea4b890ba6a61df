"""The comparison page's peers across runs: the pure state of kansrijke.views.compare_view kept in the session, the
link read once, the list of peers and its reset button."""

from __future__ import annotations

import streamlit as st

from kansrijke.text import t
from kansrijke.ui import state
from kansrijke.views import compare_view as view
from kansrijke.views.compare_view import PEERS_KEY, PeerState, PeerView

STATE_KEY = "_ks_vergelijk_peers"  # the session's PeerState


def _state() -> PeerState:
    return st.session_state.get(STATE_KEY, PeerState())


def _keep(peer_state: PeerState) -> None:
    st.session_state[STATE_KEY] = peer_state


def read_link(known, selected: str | None) -> None:
    """Once per visit: the weights and the peers of the link; values that cannot be used are noted (and a link's
    unusable peers dropped from the URL)."""
    current = _state()
    if current.link_read:
        return
    for key in view.rejected_weights(st.query_params.to_dict()):
        state.reject(key)
    raw = st.query_params.get_all(PEERS_KEY) if PEERS_KEY in st.query_params else None
    current, rejected = view.link_peers(current, raw, known, selected)
    if rejected:
        state.reject(PEERS_KEY)
        del st.query_params[PEERS_KEY]
    _keep(current)


def shown(selected: str, proposals: tuple[str, ...]) -> PeerView:
    """The peers to show for `selected` (hand-picked, or the proposals), also put in the peer list and the URL."""
    current, peers = view.peer_view(_state(), selected, proposals)
    _keep(current)
    st.session_state[PEERS_KEY] = list(peers.chosen)
    state.keep_in_url(PEERS_KEY, peers.link_value, None)
    return peers


def _picked(selected: str, proposals: tuple[str, ...]) -> None:
    _keep(view.picked_peers(_state(), selected, proposals, st.session_state.get(PEERS_KEY, [])))


def _reset() -> None:
    _keep(view.reset_peers(_state()))


def picker(names: dict[str, str], selected: str, proposals: tuple[str, ...], peers: PeerView, lang: str) -> None:
    """The list of peers (add or remove any municipality) and, once changed, the way back to the proposals."""
    pick_column, reset_column = st.columns([5, 1])
    with pick_column:
        st.multiselect(
            t("vergelijk.peers_label", lang),
            [c for c in sorted(names, key=lambda c: (names[c], c)) if c != selected],
            key=PEERS_KEY,
            format_func=lambda c: names.get(c, c),
            on_change=_picked,
            args=(selected, proposals),
            help=t("vergelijk.peers_help", lang),
        )
    with reset_column:
        if peers.link_value is not None:
            st.button(t("vergelijk.reset", lang), on_click=_reset, key="vergelijk_reset")
