import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from opencsc.core.forms import GovukForm
from opencsc.core.roles import Role

from . import lockout


class SignInForm(GovukForm, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            "invalid_login": lockout.wrong_password_message(),
            "inactive": "This account is not active. Ask your administrator.",
        }
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=12,
        help_text="The 6-digit code shown in the app now",
        error_messages={"required": "Enter the 6-digit code from your authenticator app",
                        "max_length": "The code is 6 digits"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        # Apps show the code as "123 456"; people copy it as they see it.
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("The code is 6 digits, like 123456")
        return code


class TokenForm(GovukForm):
    name = forms.CharField(label="What the token is for", max_length=100,
                           error_messages={"required": "Enter what the token is for"})


class PolicyForm(GovukForm):
    roles = forms.MultipleChoiceField(
        label="Roles that must use two-step sign-in", required=False,
        choices=Role.choices, widget=forms.CheckboxSelectMultiple,
    )
