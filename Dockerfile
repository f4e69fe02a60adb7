# syntax=docker/dockerfile:1
# Production image of « Communauté zéro non-recours »: one image for web, worker, beat and migrate.
# Build: docker compose build   (or: docker build -t communaute-zero-non-recours .)

ARG PYTHON_VERSION=3.11

# --- Stage 1: dependencies in a virtualenv --------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS deps

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

WORKDIR /build
# Only the lock file: the dependency layer is rebuilt when dependencies change, not on every
# source edit. Every version is pinned and every file checked by its hash; the source tree is
# copied into /app below and run from there.
COPY requirements.txt ./requirements.txt
RUN pip install --upgrade pip \
    && pip install --require-hashes --no-deps -r requirements.txt

# --- Stage 2: runtime --------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    PORT=8000

# Unprivileged user; its home holds gunicorn's control socket (~/.gunicorn).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
       --shell /usr/sbin/nologin app

COPY --from=deps /opt/venv /opt/venv

WORKDIR /app
# The source stays owned by root: the application cannot modify its own code.
COPY . /app

# Static files are collected (and compressed, fingerprinted) into the image at build time.
# The settings refuse to load without SECRET_KEY / ALLOWED_HOSTS: give them throw-away values
# that exist for this step only (they are not ENV, so they do not end up in the image).
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput --verbosity 1 \
    && python -m compileall -q /app \
    && mkdir -p /app/media \
    && chown app:app /app/media

# /app/media is mounted as a named volume by docker-compose.yml: a fresh named volume takes the
# owner of this directory, so the unprivileged user can write uploads into it.
USER app

EXPOSE 8000

CMD ["gunicorn", "--config", "/app/gunicorn.conf.py", "config.wsgi"]
