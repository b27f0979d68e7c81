"""Forms for people, roles and sign-in: parsing with Swedish messages; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm

from samordna.core.forms import Bounded, Form

from .permissions import ROLES
from .services import MAX_EMAIL, MAX_NAME


class LoginForm(Bounded, AuthenticationForm):
    """Django's login form (its messages are translated to Swedish); the e-mail address is
    the username of an invited person."""


class InviteForm(Form):
    email = forms.EmailField(label="E-postadress", max_length=MAX_EMAIL,
                             error_messages={"invalid": "Ange en giltig e-postadress.",
                                             "required": "Ange en e-postadress."})
    first_name = forms.CharField(label="Förnamn", max_length=MAX_NAME,
                                 error_messages={"required": "Ange förnamnet."})
    last_name = forms.CharField(label="Efternamn", max_length=MAX_NAME,
                                error_messages={"required": "Ange efternamnet."})
    role = forms.ChoiceField(label="Roll", choices=[("", "Välj roll"), *ROLES.items()],
                             error_messages={"required": "Välj en roll.", "invalid_choice": "Välj en roll."})


class RoleForm(Form):
    role = forms.ChoiceField(label="Roll", choices=list(ROLES.items()),
                             error_messages={"required": "Välj en roll.", "invalid_choice": "Välj en roll."})


class TokenForm(Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    token = forms.CharField(label="Kod", max_length=20, strip=True,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                          "autofocus": True}),
                            error_messages={"required": "Ange koden."})


class ReauthForm(Form):
    password = forms.CharField(label="Lösenord", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "autofocus": True}),
                               error_messages={"required": "Ange ditt lösenord."})

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through the backends, so django-axes counts a wrong password here too.
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError("Fel lösenord.")
        return password
