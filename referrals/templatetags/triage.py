"""Filters the triage admin's templates use to show people and ages as every screen does."""

from django import template

from referrals.cases.admin_urls import case_url
from referrals.cases.display import age_text, display_name, flag_tags

register = template.Library()


@register.filter
def staff_name(user, nobody=""):
    return display_name(user, nobody=nobody)


register.filter("age_text", age_text)
register.filter("flag_tags", flag_tags)
register.filter("case_url", case_url)  # {{ case|case_url }}: the case's page in the admin
