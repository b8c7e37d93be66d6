"""Send the subscribers' e-mail that a request left unsent, and forget unconfirmed addresses.

Run it every few minutes (cron, a systemd timer): a publication sends at most
SUBSCRIPTION_SEND_NOW_MAX messages from the coordinator's request, and nothing while the mail
server is down; this sends the rest. Running it twice at once sends nobody anything twice.
"""

from django.core.management.base import BaseCommand

from subscriptions import services


class Command(BaseCommand):
    help = "Send subscription e-mail still waiting to go out, and delete addresses never confirmed."

    def handle(self, *args, **options):
        forgotten = services.forget_unconfirmed()
        result = services.send_pending()
        self.stdout.write(f"Sent {result.sent} message(s); deleted {forgotten} unconfirmed address(es).")
        if result.failed:
            # A non-zero exit, so that cron or the timer reports it; the rest is tried next time.
            self.stderr.write("The mail server failed; what is left will be sent on the next run.")
            raise SystemExit(1)
