"""The data dictionary (docs/data-protection.md) and the code agree, field by field: every field
of a referral and an enquiry is in the table, and what the table says retention does is what it
does."""

import re
from pathlib import Path

import pytest

from referrals.cases.kinds import BLANK, ENQUIRY, POSTCODE_DISTRICT, REFERRAL, REMOVED, YEAR_ONLY

README = Path(__file__).resolve().parents[3] / "docs" / "data-protection.md"
WORDS = {
    "removed": REMOVED,
    "emptied": BLANK,
    "district": POSTCODE_DISTRICT,
    "year": YEAR_ONLY,
    "kept": None,
}
NOT_DATA = {"id"}


def table_rows(after, index):
    """(first cell, rule) for each row of the README table `index` paragraphs after `after`."""
    text = README.read_text()
    table = text[text.index(after) :].split("\n\n")[index]
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        word = cells[-1].split()[0].strip("(),")
        assert word in WORDS, f"README: unknown retention word in {line!r}"
        yield cells[0], WORDS[word]


def dictionary():
    """{(is enquiry's own row, field name): rule or None} from the README's table."""
    return {
        (fields.startswith("enquiry"), name): rule
        for fields, rule in table_rows("## Data dictionary", 2)
        for name in re.findall(r"`([a-z_]+)`", fields)
    }


@pytest.mark.parametrize("kind", [REFERRAL, ENQUIRY], ids=lambda kind: kind.name)
def test_the_readme_and_the_code_agree_on_every_field(kind):
    rules = dictionary()
    for field in kind.model._meta.concrete_fields:
        if field.name in NOT_DATA:
            continue
        own = (kind is ENQUIRY, field.name)
        shared = (False, field.name)
        assert own in rules or shared in rules, f"README's data dictionary lacks {field.name}"
        documented = rules.get(own, rules.get(shared))
        assert kind.anonymise.get(field.name) == documented, field.name


def casework_dictionary():
    """{(row's model word, field name): rule or None} from the README's casework table."""
    return {
        (fields.split()[0], name): rule
        for fields, rule in table_rows("The casework recorded after allocation", 1)
        for name in re.findall(r"`([a-z_]+)`", fields)
    }


def test_the_readme_and_the_code_agree_on_every_casework_field():
    from referrals.models import Cycle, FilmingConsent, Goal, GoalRating, Intervention

    models = {
        "intervention": Intervention,
        "consent": FilmingConsent,
        "goal": Goal,
        "rating": GoalRating,
        "cycle": Cycle,
    }
    links = {"intervention", "referral", "goal"}  # what ties a row to its case, not data
    related = {rule.model: rule.fields for rule in REFERRAL.related}
    rules = casework_dictionary()
    for word, model in models.items():
        for field in model._meta.concrete_fields:
            if field.name in NOT_DATA or field.name in links:
                continue
            assert (word, field.name) in rules, f"README's casework table lacks {word} {field.name}"
            documented = rules[(word, field.name)]
            assert related.get(model, {}).get(field.name) == documented, (word, field.name)
