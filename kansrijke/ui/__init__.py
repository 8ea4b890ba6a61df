"""Streamlit layer: the glue between pages and the layers below -- URL state and language (state), per-process
caches (cache), the served data (dataset) and shared widgets (widgets). Only this layer and pages/ import
streamlit."""
