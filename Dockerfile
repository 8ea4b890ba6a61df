# Container image of the Kansrijke Start dashboard: one warm Streamlit worker per container.
#
#   docker build -t kansrijke-start:2026.1 .                 (or: podman build --format docker -t ... .)
#   docker run --rm -p 8501:8501 kansrijke-start:2026.1      # http://localhost:8501
#
# Everything the app serves is inside: code, data/ (the validated tables), geo/ (boundaries) and static/ (the
# browser's map file). At run time the container needs no network at all (no tiles, fonts, CDNs or usage
# statistics; see .streamlit/config.toml) and writes only to /tmp, so it runs on a read-only root file system.
# Official tables: see docs/deploy.md (bake them into a derived image, or mount them and set KANSRIJKE_DATA_DIR).
# The Kubernetes manifests in deploy/k8s/ rely on the port (8501), the health path (/_stcore/health) and the user
# (10001) below; tests/serving/test_deploy.py checks that they agree, tests/serving/test_image.py builds and runs
# the image as deployment.yaml does.
#
# BASE_IMAGE: any Debian bookworm image with Python 3.11 and its venv module (`python3 -m venv`); the default is
# the public one. CI builds one from Debian's own packages (mmdebstrap; tests/serving/image.py).
ARG BASE_IMAGE=docker.io/library/python:3.11-slim-bookworm

# --- build: the locked packages and the compiled app ---------------------------------------------------------
# (A stage of its own: whatever a build machine mounts into it, such as its pip configuration, or leaves behind
# stays here; the image takes only /opt/venv and /app.)
FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Exactly the locked runtime packages (requirements.txt pins every one, transitive ones included: scripts/lock.sh),
# in a virtual environment of their own; `pip check` proves the lock is complete.
COPY requirements.txt /tmp/requirements.txt
RUN python3 -m venv /opt/venv \
    && pip install --no-deps --requirement /tmp/requirements.txt \
    && pip check
# The app, its data and boundaries (.dockerignore keeps tests, benchmarks, .git and local files out), compiled
# once here: the running container cannot write byte code (read-only root file system).
COPY . /app
RUN python3 -m compileall -q /app/app.py /app/asgi.py /app/kansrijke /app/pages

# --- the image: the base, the environment and the app; nothing is installed at run time ------------------------
FROM ${BASE_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LANG=C.UTF-8 \
    HOME=/tmp \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    KANSRIJKE_DATA_DIR=/app/data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app

# A user of its own, by number (the manifests' runAsUser); it owns nothing in the image and writes only to /tmp.
USER 10001:10001
EXPOSE 8501

# Healthy only once the worker is warm (asgi.py answers 503 while it opens its own pages after a start).
# (A HEALTHCHECK is part of the Docker image format: build with podman's `--format docker` to keep it.)
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python3", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "asgi.py", "--server.port", "8501", "--server.address", "0.0.0.0", "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
