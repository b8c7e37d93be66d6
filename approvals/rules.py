"""Who may do what: one set of object-level rules used by the admin, the coordinator pages and
the services. Each predicate takes the user and the object (None when asked about a whole list)."""

import rules

from approvals import scope


@rules.predicate
def is_administrator(user):
    return scope.is_administrator(user)


@rules.predicate
def is_coordinator_for(user, obj=None):
    """Coordinator of the object's municipality; without an object, coordinator of any."""
    if not user.is_authenticated:
        return False
    ids = scope.coordinated_municipality_ids(user)
    if obj is None:
        return bool(ids)
    municipality = scope.municipality_of(obj)
    return municipality is not None and municipality.pk in ids


@rules.predicate
def is_chief_for(user, obj=None):
    """Chief of the object's police area; without an object, chief of any."""
    if not user.is_authenticated:
        return False
    ids = scope.chief_police_area_ids(user)
    if obj is None:
        return bool(ids)
    area = scope.police_area_of(obj)
    return area is not None and area.pk in ids


can_edit = is_administrator | is_coordinator_for
can_read = is_administrator | is_coordinator_for | is_chief_for
can_review = is_administrator | is_chief_for

# The workflow. Coordinators submit, withdraw, publish and start revisions of their own
# municipality's items; chiefs approve or return their own police area's. Administrators may do
# either, but nobody approves their own submission (checked in the service).
rules.add_perm("approvals.submit", can_edit)
rules.add_perm("approvals.withdraw", can_edit)
rules.add_perm("approvals.publish", can_edit)
rules.add_perm("approvals.start_revision", can_edit)
rules.add_perm("approvals.approve", can_review)
rules.add_perm("approvals.return", can_review)

# Content. Scope is checked per object; whether the object is still a draft is the workflow's
# business and checked by the services and the admin.
for model in (
    "agreements.agreement",
    "agreements.signatory",
    "agreements.partycontact",
    "promises.promise",
    "promises.activity",
    "promises.promisesignatory",
    "promises.promiseextension",
    "followup.followupreport",
    "followup.reportsection",
    "followup.activityupdate",
    "followup.indicator",
    "followup.measurement",
    "cycle.situationpicture",
    "cycle.source",
    "cycle.problem",
    "cycle.publicsummary",
    "cycle.actionplan",
    "cycle.measure",
    "cycle.dialogue",
    "cycle.dialoguetheme",
):
    app, name = model.split(".")
    rules.add_perm(f"{app}.view_{name}", can_read)
    rules.add_perm(f"{app}.change_{name}", can_edit)
    rules.add_perm(f"{app}.add_{name}", can_edit)
    rules.add_perm(f"{app}.delete_{name}", can_edit)

rules.add_perm("agreements.view_municipality", can_read)
rules.add_perm("agreements.view_policearea", is_administrator | is_chief_for)
rules.add_perm("promises.view_focusarea", can_read)
rules.add_perm("promises.add_focusarea", can_edit)  # asked about the municipality it is for
rules.add_perm("approvals.view_transition", can_read)
rules.add_perm("access_coordinator_pages", is_administrator | is_coordinator_for)
