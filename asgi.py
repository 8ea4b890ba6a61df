"""Production entry of the dashboard: app.py as an ASGI app (st.App) that warms itself before serving.

    streamlit run asgi.py [--server.port 8501 ...]      (scripts/start.sh, scripts/serve.sh, the Docker image)

Streamlit sees the st.App below and serves app.py with uvicorn; the lifespan (kansrijke/serving/warm.py) runs every
page once before the first request is answered, so /_stcore/health reports healthy only when the worker is warm.
`streamlit run app.py` still works (cold start), and is what the browser tests use.
"""
import streamlit as st

from kansrijke.serving.warm import lifespan

app = st.App("app.py", lifespan=lifespan)
