from django import forms
from django.contrib.auth.forms import AuthenticationForm

from opencsc.core.forms import GovukForm
from opencsc.core.roles import Role


class SignInForm(GovukForm, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. After 5 wrong attempts "
        "your account is locked for 15 minutes.",
        "inactive": "This account is not active. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=6, min_length=6,
        help_text="The 6-digit code shown in the app now",
        error_messages={"required": "Enter the 6-digit code from your authenticator app",
                        "min_length": "The code is 6 digits", "max_length": "The code is 6 digits"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TokenForm(GovukForm):
    name = forms.CharField(label="What the token is for", max_length=100,
                           error_messages={"required": "Enter what the token is for"})


class PolicyForm(GovukForm):
    roles = forms.MultipleChoiceField(
        label="Roles that must use two-step sign-in", required=False,
        choices=Role.choices, widget=forms.CheckboxSelectMultiple,
    )
