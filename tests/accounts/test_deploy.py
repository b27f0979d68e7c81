"""Production configuration: Django's deployment check passes with no warning under the
environment a förbund sets behind a TLS proxy, and the demo refuses to run there."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SAMORDNA = Path(sys.executable).with_name("samordna")
PRODUCTION = {
    "SAMORDNA_SECRET_KEY": "x7Vq-production-like-key-for-the-deploy-check-3kP9sLm2Zr8tYw",
    "SAMORDNA_ALLOWED_HOSTS": "samordna.example.se",
    "SAMORDNA_CSRF_TRUSTED_ORIGINS": "https://samordna.example.se",
    "SAMORDNA_BEHIND_TLS_PROXY": "1",
}


def samordna(*args, env: dict) -> subprocess.CompletedProcess:
    # Not the test run's own variables (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SAMORDNA_", "DJANGO_"))}
    clean["DJANGO_SETTINGS_MODULE"] = "samordna.settings"
    return subprocess.run([str(SAMORDNA), *args], capture_output=True, text=True, env={**clean, **env}, timeout=120)


def test_the_deploy_check_passes_without_a_warning_in_production():
    result = samordna("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_deploy_check_fails_when_debug_is_switched_on():
    result = samordna("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "SAMORDNA_DEBUG": "1"})
    assert result.returncode == 1
    assert "security.W018" in result.stderr


def test_production_needs_a_secret_key():
    result = samordna("check", env={"SAMORDNA_ALLOWED_HOSTS": "samordna.example.se"})
    assert result.returncode == 1
    assert "SAMORDNA_SECRET_KEY måste sättas i produktion" in result.stderr


def test_the_proxy_settings_come_from_the_environment():
    code = ("from django.conf import settings as s; "
            "print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)")
    result = samordna("shell", "-v", "0", "-c", code, env=PRODUCTION)
    assert result.stdout.strip() == ("('HTTP_X_FORWARDED_PROTO', 'https') ['https://samordna.example.se'] "
                                     "True 31536000 True True False")


def test_a_post_through_the_tls_proxy_passes_the_origin_check(client, settings, db):
    """Behind the proxy the request arrives as http with X-Forwarded-Proto: https; the login
    form's POST must not fail with 'Origin checking failed'."""
    from django.test import Client

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["samordna.example.se"]
    browser = Client(enforce_csrf_checks=True, HTTP_HOST="samordna.example.se", HTTP_X_FORWARDED_PROTO="https")
    page = browser.get("/logga-in/")
    token = page.context["csrf_token"]
    response = browser.post("/logga-in/", {"csrfmiddlewaretoken": token, "username": "x", "password": "y"},
                            HTTP_ORIGIN="https://samordna.example.se", HTTP_REFERER="https://samordna.example.se/")
    assert response.status_code == 200  # the form, with its wrong-password message: not a 403
    settings.SECURE_PROXY_SSL_HEADER = None
    refused = browser.post("/logga-in/", {"csrfmiddlewaretoken": token, "username": "x", "password": "y"},
                           HTTP_ORIGIN="https://samordna.example.se")
    assert refused.status_code == 403


@pytest.mark.django_db
def test_demo_refuses_to_create_its_users_in_production(settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = False
    with pytest.raises(CommandError) as exc:
        call_command("demo")
    assert str(exc.value) == ("Demoanvändarna har ett publicerat lösenord och skapas bara i en "
                              "utvecklingsmiljö (SAMORDNA_DEBUG=1), aldrig i produktion.")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_enrols_the_administrators_second_factor(settings, capsys):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")
    first = capsys.readouterr().out
    device = TOTPDevice.objects.get(user__username="demo")
    codes = sorted(StaticToken.objects.filter(device__user__username="demo").values_list("token", flat=True))
    assert len(codes) == 10 and all(code in first for code in codes)
    assert "otpauth://totp/Samordna%3Ademo?secret=" in first
    call_command("demo")
    assert TOTPDevice.objects.get(user__username="demo") == device  # the app set up once keeps working
    assert not TOTPDevice.objects.filter(user__username="styrelse").exists()


def test_every_environment_variable_is_documented_in_the_readme():
    import re

    import samordna.settings

    source = Path(samordna.settings.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'(?:environ(?:\.get)?\(|environ\[|_env_\w+\()"((?:SAMORDNA_|DATABASE_)\w+)"', source))
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert len(used) > 20
    assert sorted(v for v in used if f"`{v}`" not in readme) == []
