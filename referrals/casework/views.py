""" "Working with the family" on a referral's page: what the allocated VIG Guider (or a Manager)
records after allocation, each form posted back to the case page like the triage actions."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from wagtail.admin import messages

from referrals.cases.kinds import REFERRAL, kind_of
from referrals.casework import caseload, forms, reminders
from referrals.casework import services as casework
from referrals.models.casework import (
    MAX_GOALS,
    OFFERED_CYCLES,
    RELIABLE_CHANGE,
    FilmingConsent,
    Intervention,
    RatingStage,
)

# action -> (form class, needs the Guider's right (False: first contact, any triage officer))
ACTIONS = {
    "first_contact": forms.FirstContactForm,
    "consent": forms.ConsentForm,
    "withdraw_consent": forms.WithdrawConsentForm,
    "goal": forms.GoalForm,
    "ratings": forms.RatingsForm,
    "cycle": forms.CycleForm,
    "more_cycles": forms.MoreCyclesForm,
    "footage_deleted": forms.FootageDeletedForm,
    "end_work": forms.EndWorkForm,
}


def _goals_with_ratings(intervention):
    goals = []
    for goal in intervention.goals.prefetch_related("ratings__cycle"):
        ratings = list(goal.ratings.all())
        start = next((r for r in ratings if r.stage == RatingStage.START), None)
        latest = ratings[-1] if ratings else None
        change = latest.rating - start.rating if start and latest and latest is not start else None
        goals.append(
            {
                "goal": goal,
                "ratings": ratings,
                "change": change,
                "reliable": change is not None and abs(change) >= RELIABLE_CHANGE,
            }
        )
    return goals


class CaseworkMixin:
    """For CaseInspectView: the casework section's context and its posted forms."""

    def casework_applies(self):
        return kind_of(self.instance) is REFERRAL

    def post_casework(self, request, action):
        referral = self.instance
        allowed = (
            casework.can_record_first_contact(request.user, referral)
            if action == "first_contact"
            else casework.can_record(request.user, referral)
        )
        if not allowed:
            raise PermissionDenied
        intervention = Intervention.objects.filter(referral=referral).first()
        prefix = request.POST.get("form_prefix", "")
        if not re.fullmatch(rf"{action}(\d{{1,4}}|_new)?", prefix):
            prefix = action
        form = self.casework_form(action, intervention, data=request.POST, prefix=prefix)
        if not form.is_valid():
            return self.action_failed(form, None, key=f"casework:{action}")
        try:
            message = self.apply_casework(action, form, intervention)
        except casework.CaseworkError as error:
            if error.field in form.fields and form.fields[error.field].widget.is_hidden:
                error.field = None  # shown at the top of the form, not by an invisible field
            return self.action_failed(form, error, key=f"casework:{action}")
        messages.success(request, message)
        return redirect(f"{self.inspect_url}#casework")

    def casework_form(self, action, intervention, data=None, prefix=None, initial=None):
        """The form for `action`; its prefix keeps its fields' ids unique on the page (the
        form posts it back in `form_prefix`)."""
        form_class = ACTIONS[action]
        options = {"prefix": prefix or action, "initial": initial}
        if action not in ("ratings", "end_work"):  # the only forms built from the goals
            return form_class(data, **options)
        goals = list(intervention.goals.all()) if intervention else []
        if action == "ratings":
            cycles = list(intervention.cycles.all()) if intervention else []
            options["initial"] = initial or self._today("rated_on")
            return form_class(data, goals=goals, cycles=cycles, **options)
        options["initial"] = initial or self._today("ended_on")
        return form_class(data, goals=goals, **options)

    @staticmethod
    def _today(name):
        return {name: timezone.localdate()}

    def apply_casework(self, action, form, intervention):
        data = form.cleaned_data
        by = self.request.user
        referral = self.instance
        if action == "first_contact":
            casework.record_first_contact(referral=referral, by=by, on=data["first_contact_on"])
            return "First contact recorded."
        if action == "consent":
            casework.record_consent(referral=referral, by=by, **data)
            return "Consent to filming recorded."
        if action == "withdraw_consent":
            consent = FilmingConsent.objects.filter(
                pk=data["consent"], intervention__referral=referral
            ).first()
            if consent is None:
                raise casework.CaseworkError("That consent is not this family's.")
            casework.withdraw_consent(consent=consent, by=by, on=data["withdrawn_on"])
            return "Withdrawal recorded: no more filming, and the footage is due for deletion."
        if action == "goal":
            goal = casework.add_goal(referral=referral, by=by, **data)
            return f"Goal {goal.number} recorded."
        if action == "ratings":
            cycle = intervention.cycles.filter(number=data["cycle"]).first()
            casework.rate_goals(
                referral=referral,
                by=by,
                stage=RatingStage.REVIEW,
                ratings=form.ratings(),
                rated_on=data["rated_on"],
                cycle=cycle,
            )
            return "Ratings recorded."
        if action == "cycle":
            cycle = casework.save_cycle(referral=referral, by=by, **data)
            return f"Cycle {cycle.number} saved."
        if action == "more_cycles":
            casework.agree_more_cycles(referral=referral, by=by, reason=data["reason"])
            return "More cycles agreed: you can add cycle 4 and later."
        if action == "footage_deleted":
            casework.record_footage_deleted(referral=referral, by=by, on=data["footage_deleted_on"])
            return "Footage deletion recorded."
        if action == "end_work":
            casework.end_work(
                referral=referral,
                by=by,
                outcome=data["outcome"],
                ended_on=data["ended_on"],
                final_ratings=form.final_ratings(),
                feedback_helpful=data["feedback_helpful"],
                feedback_comment=data["feedback_comment"],
            )
            return f"The work with the family has ended and {referral.reference} is closed."
        raise ValueError(action)

    def casework_context(self, bound_forms):
        if not self.casework_applies():
            return {}
        referral = self.instance
        user = self.request.user
        intervention = Intervention.objects.filter(referral=referral).first()
        can_record = casework.can_record(user, referral)
        in_work = referral.status in casework.WORK_STATUSES
        context = {
            "casework": {
                "intervention": intervention,
                "consents": list(intervention.consents.all()) if intervention else [],
                "goals": _goals_with_ratings(intervention) if intervention else [],
                "cycles": list(intervention.cycles.all()) if intervention else [],
                "footage_due": caseload.footage_due_on(intervention) if intervention else None,
                "reminders": reminders.reminder_states(referral) if intervention else [],
                "can_record": can_record and in_work,
                "can_record_footage": can_record and intervention is not None,
                "can_record_contact": casework.can_record_first_contact(user, referral)
                and referral.status in casework.CONTACT_STATUSES,
                "can_end": can_record and referral.status == "allocated",
                "offered_cycles": OFFERED_CYCLES,
                "max_goals": MAX_GOALS,
                "today": timezone.localdate(),
            }
        }

        def form(action, prefix=None, initial=None):
            bound = bound_forms.get(f"casework:{action}")
            if bound is not None and bound.prefix == (prefix or action):
                return bound
            return self.casework_form(action, intervention, prefix=prefix, initial=initial)

        info = context["casework"]
        info["forms"] = {
            action: form(action)
            for action in ACTIONS
            if action not in ("cycle", "withdraw_consent")
        }
        info["withdraw_forms"] = [
            {
                "consent": consent,
                "label": f"Record that consent was withdrawn ({consent.get_given_by_display()})",
                "form": form(
                    "withdraw_consent", f"withdraw_consent{consent.pk}", {"consent": consent.pk}
                ),
            }
            for consent in info["consents"]
            if consent.withdrawn_on is None
        ]
        info["cycle_forms"] = [
            {
                "label": f"Update cycle {cycle.number}",
                "button": "Save the cycle",
                "form": form(
                    "cycle",
                    f"cycle{cycle.number}",
                    {
                        "number": cycle.number,
                        "location": cycle.location,
                        "place": cycle.place,
                        "filmed_on": cycle.filmed_on,
                        "filming_time": cycle.filming_time,
                        "reviewed_on": cycle.reviewed_on,
                        "review_time": cycle.review_time,
                        "status": cycle.status,
                        "note": cycle.note,
                    },
                ),
            }
            for cycle in info["cycles"]
        ]
        info["cycle_forms"].append(
            {
                "label": f"Add cycle {len(info['cycles']) + 1}",
                "button": "Add the cycle",
                "form": form("cycle", "cycle_new"),
            }
        )
        return context
