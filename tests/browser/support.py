"""What the browser tests look at: axe-core results, focus styles, layout, console and network.

`BrowserPage` wraps one Playwright page of the live site and records, from the moment it opens,
every console error, uncaught script error, failed request and error response, so a test can
assert that a visitor's browser saw none.
"""

import re
from urllib.parse import urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

# Elements whose text a reader needs, inside the page's main content.
TEXT_ELEMENTS = (
    "main :is(h1, h2, h3, h4, p, li, dt, dd, summary, label, legend, a.button, button, input, "
    "textarea, select, .panel__reference, .error-message, .hint)"
)

_axe = Axe()

# The referral queue in the admin, where the staff sign-in journeys start and end.
QUEUE = "/admin/referrals/referral/"


def format_violations(violations):
    lines = [f"axe-core found {len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    target: {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def refused(admin):
    """What the Content Security Policy refused, or any script error, on the page so far."""
    return [
        line
        for line in admin.problems()
        if "Content Security Policy" in line or line.startswith("uncaught")
    ]


def slug_for(path):
    """A file-name-safe name for a URL path: '/' -> 'home', '/a/b/' -> 'a-b'."""
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    return name or "home"


# Short animations (fades, a few seconds at most) that are still running; long ones such as
# Wagtail's 25-second "ping" on a badge are decoration whose colours do not change.
SHORT_ANIMATIONS_DONE = """() => document.getAnimations().every((animation) => {
    const end = animation.effect ? animation.effect.getComputedTiming().endTime : 0;
    return end > 5000 || animation.playState !== "running";
})"""


class BrowserPage:
    def __init__(self, page, base_url, screenshots_dir):
        self.page = page
        self.base_url = base_url
        self.screenshots_dir = screenshots_dir
        self.response = None
        self._document_url = None
        self.console_errors = []
        self.failed_requests = []
        self.error_responses = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    # Recording -----------------------------------------------------------------------------
    def _on_console(self, message):
        if message.type != "error":
            return
        location = message.location or {}
        if location.get("url") == self._document_url and re.search(
            r"status of [45]\d\d", message.text
        ):
            # The browser reports the document's own 404 or 500 status; tests assert it.
            return
        self.console_errors.append(f"{message.text} ({location.get('url', '')})")

    def _on_request_failed(self, request):
        if request.failure == "net::ERR_ABORTED" and urlsplit(request.url).path.endswith(
            "/favicon.ico"
        ):
            # Chromium cancels its own favicon fetch when the page moves on (a screenshot, the
            # next navigation): nothing the site did. Any other aborted request still counts.
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.error_responses.append(f"{response.status} {response.url}")

    def problems(self):
        """Everything that went wrong in the browser so far, once the network is quiet."""
        self.page.wait_for_load_state("networkidle")
        return self.console_errors + self.failed_requests + self.error_responses

    # Navigation ----------------------------------------------------------------------------
    def url(self, path):
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def goto(self, path):
        self._document_url = self.url(path)
        self.response = self.page.goto(self._document_url)
        self.page.wait_for_load_state("load")
        return self

    @property
    def status(self):
        return self.response.status if self.response else None

    @property
    def path(self):
        return self.page.url.removeprefix(self.base_url)

    # Checks --------------------------------------------------------------------------------
    def axe_violations(self):
        # Colours are read once the short animations have ended (Wagtail's messages fade
        # in): axe mid-fade reads a paler colour and reports contrast that no one sees.
        self.page.wait_for_function(SHORT_ANIMATIONS_DONE)
        results = _axe.run(self.page, options=AXE_OPTIONS)
        return results.response["violations"]

    def screenshot(self, name):
        width = self.page.viewport_size["width"]
        path = self.screenshots_dir / f"{slug_for(name)}-{width}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def horizontal_overflow(self):
        """How many CSS pixels the page is wider than the window (0 when it fits)."""
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def overlapping_text(self):
        """Pairs of visible text elements in <main> whose boxes overlap (not nested)."""
        return self.page.evaluate(
            """(selector) => {
                const describe = (el) => {
                    const text = (el.innerText || el.value || '').trim().slice(0, 40);
                    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}"`;
                };
                const visible = [...document.querySelectorAll(selector)].filter((el) => {
                    const box = el.getBoundingClientRect();
                    const style = getComputedStyle(el);
                    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
                        && !el.closest('.visually-hidden');
                });
                const overlaps = [];
                for (let i = 0; i < visible.length; i++) {
                    for (let j = i + 1; j < visible.length; j++) {
                        const a = visible[i], b = visible[j];
                        if (a.contains(b) || b.contains(a)) continue;
                        const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
                        const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
                        const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
                        if (x > 1 && y > 1) overlaps.push(`${describe(a)} overlaps ${describe(b)}`);
                    }
                }
                return overlaps;
            }""",
            TEXT_ELEMENTS,
        )

    def focused(self):
        """The focused element: what it is and whether its focus indicator can be seen."""
        return self.page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const outline = style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) > 0
                    && style.outlineColor !== 'rgba(0, 0, 0, 0)'
                    && style.outlineColor !== 'transparent';
                return {
                    tag: el.tagName.toLowerCase(),
                    id: el.id,
                    classes: el.className && el.className.baseVal === undefined
                        ? el.className : '',
                    name: el.getAttribute('name') || '',
                    type: el.getAttribute('type') || '',
                    value: el.getAttribute('value') || '',
                    checked: Boolean(el.checked),
                    text: (el.innerText || el.value || '').trim().slice(0, 60),
                    href: el.getAttribute('href') || '',
                    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
                    boxShadow: style.boxShadow,
                    visible: outline || style.boxShadow !== 'none',
                    // WCAG 2.2 "focus not obscured": nothing (such as a sticky bar) covers
                    // the middle of the focused element.
                    obscured: (() => {
                        const box = el.getBoundingClientRect();
                        const x = box.left + box.width / 2, y = box.top + box.height / 2;
                        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
                        const top = document.elementFromPoint(x, y);
                        return Boolean(top) && !el.contains(top) && !top.contains(el)
                            && !(el.labels && [...el.labels].some((l) => l.contains(top)));
                    })(),
                };
            }"""
        )

    def tab(self, *, shift=False):
        self.page.keyboard.press("Shift+Tab" if shift else "Tab")
        return self.focused()

    def tab_until(self, predicate, *, limit=200, shift=False):
        """Press Tab until `predicate(focused)` is true; every stop must show its focus."""
        seen = []
        for _ in range(limit):
            focused = self.tab(shift=shift)
            if focused is None:
                continue
            assert focused["visible"], f"focus is not visible on {focused}"
            assert not focused["obscured"], f"something covers the focused element {focused}"
            seen.append(focused)
            if predicate(focused):
                return focused
        raise AssertionError(
            f"Tab never reached the element; stops were: {[f['text'] for f in seen]}"
        )
