# syntax=docker/dockerfile:1
# The dashboard's image, in two stages: Python packages built into a virtual environment (every
# package checked against requirements.lock's hashes), then a slim runtime with Debian's Chromium
# (for image exports), a non-root user and a health check. The data are not built here or at
# start: `docker compose run --rm data` builds them into the data volume as a job of their own, so
# a failed build leaves the last good build serving. The install steps are the scripts in deploy/,
# which .ci/run also runs (there is no Docker engine on the CI machines); hadolint lints this file.
#   docker compose up --build        (app, Redis and nginx; see compose.yaml and the README)
# Base images are pinned by digest; refresh with `docker buildx imagetools inspect <image>`.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:2e32f7d302adc1c37428355c1e646897c0c53f4fd60b6a551245fb90ee129f91

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY requirements.lock ./
COPY deploy/install-python.sh deploy/
RUN bash deploy/install-python.sh /opt/venv

FROM ${PYTHON_IMAGE} AS runtime
COPY deploy/install-system.sh /tmp/install-system.sh
RUN bash /tmp/install-system.sh && rm /tmp/install-system.sh
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DASHBOARD_DATA_DIR=/data DASHBOARD_SOURCE_MIRROR=/mirror DASHBOARD_CACHE=filesystem \
    DASHBOARD_BIND=0.0.0.0:8050
WORKDIR /app
COPY gunicorn.conf.py app.py ./
COPY dashboard ./dashboard
COPY assets ./assets
COPY docs ./docs
RUN groupadd --gid 10001 dashboard \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin dashboard \
    && mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--max-time", "4", "http://127.0.0.1:8050/healthz"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "app:server"]
