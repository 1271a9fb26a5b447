# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/cluster_platform
export REDIS_URL_TEST ?= redis://127.0.0.1:6379/0

.PHONY: run test lint install install-dev messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	-git config core.hooksPath .githooks  # commit messages: subject <= 72 characters and a body (.githooks/commit-msg)
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

PORT ?= 8000

# Embedded mode (`make run PORT=8001` for another port): SQLite file, Celery tasks run in-process, no Redis needed.
run: install
	@mkdir -p var && [ -s var/secret-key ] || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key
	env -u DATABASE_URL -u REDIS_URL DEBUG=false SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false SITE_URL=http://127.0.0.1:$(PORT) \
		CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 sh -c '\
		$(BIN)/python manage.py migrate --noinput && \
		$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
		$(BIN)/python manage.py seed_demo && \
		echo "Serving on http://127.0.0.1:$(PORT) (sign in with any account above, password cluster-demo)" && \
		$(BIN)/python manage.py runserver --nostatic 127.0.0.1:$(PORT)'

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite on PostgreSQL and Redis (DATABASE_URL / REDIS_URL, defaulting to the local servers).
# .ci/prepare first installs what a bare Debian machine lacks and starts the local servers (as root).
test: install-dev
	./.ci/prepare
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=$${DATABASE_URL:-$$DATABASE_URL_TEST} REDIS_URL=$${REDIS_URL:-$$REDIS_URL_TEST} sh -c '\
		$(BIN)/python manage.py ensure_database && \
		$(BIN)/python manage.py check --fail-level WARNING && \
		$(BIN)/python manage.py makemigrations --check --dry-run && \
		$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
		$(BIN)/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)'

messages: install-dev
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore ".venv/*" --ignore "staticfiles/*"
	$(BIN)/python manage.py compilemessages --locale zh_Hans

bench: install-dev
	@for script in bench/*.py; do [ -e "$$script" ] && $(BIN)/python $$script; done; true

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
