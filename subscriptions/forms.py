from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    """Only the address: nothing else is asked, so nothing else is kept."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write a whole e-mail address, such as namn@exempel.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
