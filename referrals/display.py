"""How staff members and ages are written wherever a case is shown: lists, case pages, history,
exports and messages. One place, so every screen says it the same way."""


def display_name(user, *, nobody=""):
    """A staff member's full name, or their username when they have none; `nobody` for None."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def age_text(days):
    """How long ago a case arrived: 'today', '1 day ago', '12 days ago'."""
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"
