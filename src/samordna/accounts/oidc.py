"""e-ID sign-in through an OpenID Connect broker (mozilla-django-oidc), on only when
SAMORDNA_OIDC_CLIENT_ID and the provider's endpoints are set.

The provider vouches for an identity; Samordna decides who that is. The claim named by
SAMORDNA_OIDC_CLAIM (`email` by default, or `sub`, or a claim the broker adds) must equal
SAMORDNA_OIDC_USER_FIELD (`email` or `username`) of exactly one active user. Nobody is ever
created by a sign-in: roles are given by the secretariat (an invitation), never by a login.
"""

from __future__ import annotations

import time

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

FIELDS = ("email", "username")


class EidBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        """The signature and nonce (the library), then what the library leaves out: the token
        is for this client, has not expired, and comes from the configured issuer."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            return None
        if not isinstance(payload.get("exp"), int | float) or payload["exp"] < time.time():
            return None
        if settings.SAMORDNA_OIDC_ISSUER and payload.get("iss") != settings.SAMORDNA_OIDC_ISSUER:
            return None
        return payload

    def _claim(self, claims) -> str:
        value = claims.get(settings.SAMORDNA_OIDC_CLAIM)
        return value.strip() if isinstance(value, str) else ""

    def verify_claims(self, claims) -> bool:
        if not self._claim(claims):
            return False
        # An e-mail the provider has not verified proves nothing about who signs in.
        if settings.SAMORDNA_OIDC_CLAIM == "email" and claims.get("email_verified") is False:
            return False
        return True

    def filter_users_by_claims(self, claims):
        field = settings.SAMORDNA_OIDC_USER_FIELD
        if field not in FIELDS:
            raise ValueError(f"SAMORDNA_OIDC_USER_FIELD must be one of {FIELDS}")
        value = self._claim(claims)
        if not value:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(is_active=True, **{f"{field}__iexact": value})

    def describe_user_by_claims(self, claims) -> str:
        return "the configured claim"  # never the identity itself: no personal data in logs

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is False
        raise PermissionError("e-ID sign-in never creates users")
