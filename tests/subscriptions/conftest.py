import hashlib
import re

import pytest
from django.core import mail
from django.core.cache import cache

from approvals.models import ReviewState
from tests.factories import PromiseFactory


@pytest.fixture
def subscribe(client, django_capture_on_commit_callbacks):
    """Fill in the subscription form (for a municipality's slug, or the whole country) and return
    the response; the confirmation e-mail, sent after commit, is in mail.outbox."""

    def run(email, slug=None, **extra):
        url = f"/{slug}/prenumerera/" if slug else "/prenumerera/"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": email}, **extra)

    return run


def link_in(message, kind: str) -> str:
    """The path of the first link of `kind` ("bekrafta" or "avsluta") in a message's text."""
    match = re.search(rf"http://testserver(/prenumerera/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def confirmed(client, subscribe):
    """Subscribe an address and click the link in the confirmation e-mail."""

    def run(email, slug=None):
        mail.outbox.clear()
        subscribe(email, slug)
        client.get(link_in(mail.outbox[-1], "bekrafta"))
        mail.outbox.clear()

    return run


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def approved(here):
    """An approved promise of the municipality, ready to be published."""
    return PromiseFactory(agreement=here.agreements.get(), title="Tryggare centrum", workflow_state=ReviewState.APPROVED)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The test client always comes from 127.0.0.1: each test starts that address's count afresh."""
    cache.delete(f"subscriptions:rate:{hashlib.sha256(b'127.0.0.1').hexdigest()}")
