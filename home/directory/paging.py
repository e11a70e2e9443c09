"""The list endpoints' paging, as the UK profile's openapi.json has it: `page` and `per_page`
in the query string; `total_items`, `total_pages`, `page_number`, `size`, `first_page`,
`last_page`, `empty` and `contents` in the answer."""

import math

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000


class BadPaging(ValueError):
    """A `page` or `per_page` that is not a whole number in range; the message says so."""


def _whole_number(query, name, default, highest):
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadPaging(f"{name} must be a whole number, 1 or more") from None
    if not 1 <= value <= highest:
        raise BadPaging(f"{name} must be a whole number from 1 to {highest}")
    return value


def page_of(items, query):
    """The page of `items` (a list) that `query` (request.GET) asks for; BadPaging if it asks
    in a way the API does not understand."""
    page = _whole_number(query, "page", 1, 10**6)
    per_page = _whole_number(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    total_pages = max(1, math.ceil(len(items) / per_page))
    contents = items[(page - 1) * per_page : page * per_page]
    return {
        "total_items": len(items),
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
