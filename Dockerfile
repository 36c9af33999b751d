# First version; not built in CI (no Docker engine on the CI machines). The install steps match
# `make run`: runtime requirements only, data built at start from a mounted mirror of official files.
#   docker build -t wales-avoidable-mortality .
#   docker run -p 8050:8050 -v /path/to/mirror:/mirror:ro wales-avoidable-mortality
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DASHBOARD_DATA_DIR=/data DASHBOARD_SOURCE_MIRROR=/mirror DASHBOARD_CACHE=filesystem

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py ./
COPY dashboard ./dashboard
COPY assets ./assets

RUN useradd --create-home dashboard && mkdir -p /data && chown dashboard /data
USER dashboard
EXPOSE 8050
CMD ["sh", "-c", "python -m dashboard.etl build --quiet && exec gunicorn app:server --bind 0.0.0.0:8050 --workers 2 --no-control-socket"]
