from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form with messages of our own (Django's Swedish catalogue lacks them)."""

    username = forms.CharField(label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
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


class EditForm(FieldsetsMixin, forms.ModelForm):
    """A form for a versioned record: it carries the version it was filled in from, for the
    no-lost-update check."""

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
