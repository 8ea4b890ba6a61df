"""Altair charts, one module per subject (funding, nnz, compare). Each function takes tidy frames and plain
labels (already translated) and returns an alt.Chart; no Streamlit here, so tests can inspect the spec."""
