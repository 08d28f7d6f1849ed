# The service image: `directory` installed with pip from this repository, GraphiQL assets
# from web/package-lock.json, run as an unprivileged user. On start it applies migrations
# (several replicas take turns through a PostgreSQL advisory lock), then serves.

FROM node:20-bookworm-slim AS assets
WORKDIR /build/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin directory
WORKDIR /app
COPY pyproject.toml README.md ./
COPY directory ./directory
COPY auth ./auth
COPY schema ./schema
COPY server ./server
RUN pip install . && rm -rf build *.egg-info
COPY --from=assets /build/web/node_modules /app/web/node_modules
RUN mkdir -p /app/var /keys && chown directory:directory /app/var /keys

USER directory
ENV DIRECTORY_VAR_DIR=/app/var \
    DIRECTORY_SIGNING_KEY=/keys/signing-key.pem \
    DIRECTORY_GRAPHIQL_ASSETS=/app/web/node_modules \
    WORKERS=1
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]
CMD ["sh", "-c", "directory db upgrade && exec directory serve --host 0.0.0.0 --port 8000 --workers \"$WORKERS\""]
