"""Views layer: what a page shows, as plain values -- display frames, tooltips, summaries, captions, colours,
pydeck maps and altair charts. No Streamlit: the specs can be inspected by tests and reused by exports."""
