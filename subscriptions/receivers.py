"""Hooks into the workflow: the domain apps cannot call this app (it sits above them), so it listens.

A handler only hands the step to a service (`services.announce`), keeping the rule of the house
that business logic lives in services, not in signals.
"""

from __future__ import annotations

from approvals.models import Action, Transition


def announce_on_publish(sender, instance: Transition, created: bool, raw: bool = False, **kwargs) -> None:
    """A new publish step of a promise or a follow-up report is queued for the subscribers."""
    if raw or not created or instance.action != Action.PUBLISH:
        return
    from subscriptions import services

    services.announce(step=instance)
