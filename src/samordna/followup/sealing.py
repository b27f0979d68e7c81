"""Participants' identities at rest: sealed with keys of their own and found by a keyed hash.

The name and number are one Fernet token (AES-128-CBC + HMAC, `cryptography`) under
`settings.SAMORDNA_IDENTITY_KEYS` — a MultiFernet, so a new key is put first and the old
ones still open what they sealed until `samordna rotate-identity-key` has re-sealed it.
The lookup key is HMAC-SHA256 of the normalised 12 digits under
`settings.SAMORDNA_IDENTITY_HASH_KEY`: the same person gives the same key, and nothing
can be found without that key (a plain hash of 10 digits is reversed by trying them all).
"""

from __future__ import annotations

import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError

MISSING_KEYS = ("Samordna saknar nycklar för deltagares identitet (SAMORDNA_IDENTITY_KEYS och "
                "SAMORDNA_IDENTITY_HASH_KEY); be driften lägga in dem.")


def keys_configured() -> bool:
    return bool(settings.SAMORDNA_IDENTITY_KEYS and settings.SAMORDNA_IDENTITY_HASH_KEY)


def _fernet() -> MultiFernet:
    if not keys_configured():
        raise ValidationError(MISSING_KEYS)
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in settings.SAMORDNA_IDENTITY_KEYS])


def seal(*, personal_number: str, name: str) -> str:
    payload = json.dumps({"personal_number": personal_number, "name": name}, ensure_ascii=False)
    return _fernet().encrypt(payload.encode()).decode()


def unseal(token: str) -> dict:
    """{"personal_number": 12 digits, "name": …}; a token no configured key opens is an
    operational error (a key was removed before rotating), not the user's."""
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        raise RuntimeError("an identity could not be decrypted with the configured keys") from None


def reseal(token: str) -> str:
    """The same identity under the newest key."""
    return _fernet().rotate(token.encode()).decode()


def person_key(digits: str) -> str:
    """The keyed hash a person is found by (the 12 normalised digits)."""
    if not keys_configured():
        raise ValidationError(MISSING_KEYS)
    return hmac.new(settings.SAMORDNA_IDENTITY_HASH_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()
