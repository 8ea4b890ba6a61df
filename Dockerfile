# Container image of the Kansrijke Start dashboard: one warm Streamlit worker per container.
#
#   docker build -t kansrijke-start:2026.1 .
#   docker run --rm -p 8501:8501 kansrijke-start:2026.1          # http://localhost:8501
#
# Everything the app serves is inside: code, data/ (the validated tables) and geo/ (boundaries). At run time the
# container needs no network at all (no tiles, fonts, CDNs or usage statistics; see .streamlit/config.toml).
# Official tables: see docs/deploy.md (bake them into a derived image, or mount them and set KANSRIJKE_DATA_DIR).
# The Kubernetes manifests in deploy/k8s/ rely on the port (8501), the health path (/_stcore/health) and the user
# (10001) below; tests/serving/test_deploy.py checks that they agree.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp \
    KANSRIJKE_DATA_DIR=/app/data

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The app, its data and boundaries (.dockerignore keeps tests, benchmarks, .git and local files out).
COPY . ./
RUN python -m compileall -q app.py asgi.py kansrijke pages \
    && groupadd --gid 10001 kansrijke \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin kansrijke

USER 10001:10001
EXPOSE 8501

# Healthy only once the worker is warm (asgi.py answers 503 while it opens its own pages after a start).
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "asgi.py", "--server.port", "8501", "--server.address", "0.0.0.0", "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
