"""Signed, expiring links for invitations (password resets use Django's own generator).

The token is Django's password-reset HMAC (over the user's password hash and last login,
keyed with SECRET_KEY) under its own salt, so it stops working once the invited person has
set a password, cannot be used as a reset link, and expires after SAMORDNA_INVITATION_DAYS
rather than PASSWORD_RESET_TIMEOUT."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "samordna.accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, issued, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        return self._num_seconds(self._now()) - issued <= settings.SAMORDNA_INVITATION_DAYS * 86400


invitation_token = InvitationTokenGenerator()
