"""Streamlit layer: the glue between pages and the layers below -- URL state and language (state), the one cache by
data version (cache), the served data (dataset), the renderer of page descriptions (page_render, render), shared
widgets (widgets), and every use of Streamlit's internals (internals). Only this layer, serving/ and pages/ import
streamlit."""
