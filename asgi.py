"""Production entry of the dashboard: app.py as an ASGI app (st.App) that warms itself before it reports healthy.

    streamlit run asgi.py [--server.port 8501 ...]      (scripts/start.sh, scripts/serve.sh, the container image)

Streamlit finds the st.App below and serves app.py with uvicorn. kansrijke/serving/warm.py opens every page once
as soon as the server listens, and /_stcore/health answers 503 until that is done, so a balancer or a readiness
probe sends visitors only to a warm worker. `streamlit run app.py` still works (a cold start); the browser tests
use it.
"""

import streamlit as st
from starlette.middleware import Middleware

from kansrijke.serving.warm import WarmGate, lifespan

app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(WarmGate)])
