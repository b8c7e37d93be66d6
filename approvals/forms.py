from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from approvals.text_limits import text_limit


class SignInForm(AuthenticationForm):
    """Django's sign-in form with messages of our own (Django's Swedish catalogue lacks them)."""

    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": _("Wrong username or password. Note that capital and small letters are not the same."),
        "inactive": _("This account is switched off. Ask your administrator."),
    }


class FieldsetsMixin:
    """Groups a form's fields in `fieldsets` ([(legend, [names])]) for the page; the rest follow."""

    fieldsets: list[tuple[str | None, list[str]]] = []

    def grouped(self):
        listed = [name for _legend, names in self.fieldsets for name in names]
        groups = [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]
        rest = [self[name] for name in self.fields if name not in listed and name != "version"]
        return groups + ([(None, rest)] if rest else [])


class TextLimitsMixin:
    """Gives a model form's free texts their limit from approvals.text_limits, with a message in
    the user's language; the browser's `maxlength` stops typing at the limit too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            limit = text_limit(self._meta.model, name)
            if limit is None or not isinstance(field, forms.CharField):
                continue
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit, message=TEXT_TOO_LONG))
            field.widget.attrs["maxlength"] = str(limit)


# Django's own message says "Ensure this value has at most ..."; ours reads as the importer's does.
TEXT_TOO_LONG = _("At most %(limit_value)s characters (this has %(show_value)s).")


class EditForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    """A form for a versioned record: it carries the version it was filled in from, for the
    no-lost-update check, and its free texts are limited (TextLimitsMixin)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 5)

    def changes(self) -> dict:
        """The cleaned values of the model fields, for a service call."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OneTimeCodeForm(forms.Form):
    """The six digits the authenticator app shows now (spaces as the app groups them are fine)."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows for Medborgarlöften."),
        error_messages={"required": _("Type the six-digit code from the app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "class": "second-factor__code"}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("The code is six digits, e.g. 123456."), code="format")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the user's single-use recovery codes, for when the phone is not at hand."""

    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        error_messages={"required": _("Type one of your recovery codes.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
    )

    def clean_recovery_code(self):
        from approvals.second_factor import normalised_recovery_code

        code = normalised_recovery_code(self.cleaned_data["recovery_code"])
        if len(code) != 8 or not code.isascii() or not code.isalnum():
            raise forms.ValidationError(_("A recovery code is eight letters and digits, as on your list."), code="format")
        return code
