#!/usr/bin/env bash
# `make run-prod`: the production configuration on this machine, to try it with one command.
#
# Production settings (vig_site.settings.production) with PostgreSQL and Redis from the
# environment (defaults: 127.0.0.1), the demo content, one task worker sending email (started
# again whenever it stops, by deploy/supervise.sh, as systemd does in production), the
# scheduled jobs run once, and gunicorn serving HTTPS with a self-signed certificate.
# Email is written to files (deploy/.run-prod/email/) instead of a provider. Everything it
# makes (secret key, certificate, first manager's password) stays in deploy/.run-prod/.
# See README.md, "Trying production on this machine".
set -euo pipefail

cd "$(dirname "$0")/.."
STATE=deploy/.run-prod
BIN=.venv/bin
mkdir -p "$STATE/email"
chmod 700 "$STATE"

secret() {  # a value kept between runs (so sessions and the manager's password survive)
    [ -s "$STATE/$1" ] || "$BIN/python" -c "import secrets; print(secrets.token_urlsafe($2))" >"$STATE/$1"
    cat "$STATE/$1"
}

export DJANGO_SETTINGS_MODULE=vig_site.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vig_support_prod}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/1}"
export SECRET_KEY="${SECRET_KEY:-$(secret secret_key 50)}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-none}"  # browsers connect to gunicorn directly
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"
export EMAIL_FILE_PATH="${EMAIL_FILE_PATH:-$PWD/$STATE/email}"
export TEAM_NOTIFICATION_EMAIL="${TEAM_NOTIFICATION_EMAIL:-vig-team@example.invalid}"
# Texts are printed in the worker's log instead of going to GOV.UK Notify (no key here).
export TEXT_BACKEND="${TEXT_BACKEND:-referrals.outbox.texts.ConsoleTextBackend}"
# No reCAPTCHA keys on a test machine: off, on purpose (the go-live check accepts that).
if [ -z "${RECAPTCHA_PUBLIC_KEY:-}" ]; then export RECAPTCHA_DISABLED="${RECAPTCHA_DISABLED:-true}"; fi
# HSTS would make browsers insist on HTTPS for localhost long after this run.
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export MEDIA_ROOT="${MEDIA_ROOT:-$PWD/media}"
PORT="${PORT:-8443}"
# Links in emails go to the site as this script serves it, by a host name: passkeys (WebAuthn)
# work only on one, and production refuses an address.
export SITE_BASE_URL="${SITE_BASE_URL:-https://localhost:$PORT}"

echo "Checking PostgreSQL and Redis..."
STATE="$STATE" "$BIN/python" - <<'PY'
import os, sys
import dj_database_url, psycopg, redis
db = dj_database_url.parse(os.environ["DATABASE_URL"])
admin = dict(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
             password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)
# It loads demo content and a superuser into the database: only one it made itself (named in
# deploy/.run-prod/databases), never one that already holds someone's data.
made = os.path.join(os.environ["STATE"], "databases")
ours = set(open(made).read().split()) if os.path.exists(made) else set()
try:
    with psycopg.connect(**admin, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
            with open(made, "a") as file:
                file.write(db["NAME"] + "\n")
            print(f"Created database {db['NAME']}.")
        elif db["NAME"] not in ours and os.environ.get("RUN_PROD_DEMO") != "yes":
            sys.exit(
                f"Database {db['NAME']} already exists and make run-prod did not create it: it "
                "would load demo content and a superuser into it. Name a new database in "
                "DATABASE_URL, or set RUN_PROD_DEMO=yes if that database is a demo."
            )
except psycopg.OperationalError as exc:
    sys.exit(f"PostgreSQL does not answer at {admin['host']}:{admin['port']}: {exc}")
try:
    redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=5).ping()
except redis.RedisError as exc:
    sys.exit(f"Redis does not answer at REDIS_URL: {exc}")
PY

if [ ! -s "$STATE/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>/dev/null
fi

"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py collectstatic --noinput -v 0
"$BIN/python" manage.py setup_demo --no-accounts
if ! "$BIN/python" manage.py shell -c "from django.contrib.auth import get_user_model as U; raise SystemExit(0 if U().objects.filter(username='manager').exists() else 1)"; then
    DJANGO_SUPERUSER_PASSWORD="$(secret manager_password 18)" "$BIN/python" manage.py \
        createsuperuser --noinput --username manager --email manager@example.invalid
fi

echo "Scheduled jobs, once each:"
"$BIN/python" manage.py retry_email
"$BIN/python" manage.py apply_retention
"$BIN/python" manage.py publish_scheduled
"$BIN/python" manage.py clearsessions

echo "Go-live checks (manage.py check --deploy):"
"$BIN/python" manage.py check --deploy || echo "  (fix the above before going live; carrying on here to try the site)"

deploy/supervise.sh "$BIN/python" manage.py task_worker &
WORKER=$!  # the supervisor: stopping it stops the worker
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null || true' EXIT INT TERM

cat <<MSG

VIG Support in production shape: https://localhost:$PORT/  (self-signed certificate: your
browser will warn once). Admin: https://localhost:$PORT/admin/, user "manager", password in
$STATE/manager_password; two-factor sign-in asks you to enrol an authenticator app first, then,
as a Manager, to add a passkey (STAFF_MFA_REQUIRED=false make run-prod to try without either,
PASSKEY_REQUIRED_GROUPS=none without the passkey). Email the site sends lands in
$STATE/email/; texts are printed in this log. Ctrl+C stops the web server and the worker.

MSG
"$BIN/gunicorn" vig_site.wsgi --workers 2 --bind "127.0.0.1:$PORT" \
    --certfile "$STATE/cert.pem" --keyfile "$STATE/key.pem" --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(b)s' --access-logfile -
