"""Every subscription page, in each of its states, is valid HTML according to the Nu HTML Checker."""

import pytest
from django.core import mail
from django.utils import timezone

from subscriptions.models import Subscription
from subscriptions.services import confirm_token, unsubscribe_token
from tests.subscriptions.conftest import link_in
from tests.test_html_validity import vnu, vnu_errors  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_every_subscription_page_is_valid_html(client, subscribe, here, settings, tmp_path, vnu):  # noqa: F811
    pages = {
        "country-form": client.get("/prenumerera/"),
        "municipality-form": client.get(f"/{here.slug}/prenumerera/"),
        "form-with-error": subscribe("inte-en-adress", here.slug),
        "sent": subscribe("anna@exempel.se", here.slug),
    }
    link = link_in(mail.outbox[-1], "bekrafta")
    pages["confirmed"] = client.get(link)
    pages["already-confirmed"] = client.get(link)
    pending = Subscription.objects.create(email="sen@exempel.se", municipality=here)
    settings.SUBSCRIPTION_CONFIRM_MAX_AGE = timezone.timedelta(seconds=-1)
    pages["expired"] = client.get(f"/prenumerera/bekrafta/{confirm_token(pending)}/")
    pages["altered"] = client.get("/prenumerera/bekrafta/1:fel:fel/")
    unsubscribe = f"/prenumerera/avsluta/{unsubscribe_token(Subscription.objects.get(email='anna@exempel.se'))}/"
    pages["unsubscribe"] = client.get(unsubscribe)
    pages["unsubscribed"] = client.post(unsubscribe)
    settings.SUBSCRIPTION_RATE_LIMIT = 0
    pages["rate-limited"] = subscribe("b@exempel.se", here.slug)
    assert pages["rate-limited"].status_code == 429

    files = []
    for name, response in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    assert vnu_errors(vnu, files) == []
