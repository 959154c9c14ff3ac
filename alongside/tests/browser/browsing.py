"""One person at a real browser: her window, what she types, and what the page tells her.

`Visitor` wraps a Playwright page with the checks every browser test makes:
- axe-core on every page she loads (WCAG 2.2 AA tags), and a failure for any page loaded but
  never checked;
- no JavaScript error and no console error, except that the NHS.UK font (Frutiger, loaded from
  assets.nhs.uk) cannot load here: every request to a host other than the live server is aborted,
  and only the "Failed to load resource" errors for those external fonts are ignored;
- no markup in what she reads: text such as `<a href=...>` or `&lt;` shown on the page means
  HTML was escaped once too often (or not at all) somewhere, so a link or a label is broken;
- keyboard helpers that press Tab and check that every stop shows where the focus is.
"""

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import ConsoleMessage, Locator, Page, Route, ViewportSize, expect

CHROMIUM = Path("/usr/bin/chromium")
# Never a browser of Playwright's own (no `playwright install`): Debian's, quiet and offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Debian's chromium carries only its en-US locale (the rest are in chromium-l10n): say so, so that
    # every machine shows date fields alike (month/day/year, and a 12-hour clock).
    "--lang=en-US",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
# ALONGSIDE_SCREENSHOTS=0 takes none (CI: nobody looks at them there, and the sweep's 400
# full-page screenshots cost minutes); by default they are written, to be looked at.
TAKE_SCREENSHOTS = os.environ.get("ALONGSIDE_SCREENSHOTS", "1") != "0"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 667}
FONT_FILE = re.compile(r"\.(woff2?|ttf|otf|eot)(\?.*)?$")
# What never belongs in a page's visible text: an opening link, any closing tag, an escaped "<".
MARKUP = re.compile(r"<a\s|</|&lt;", re.IGNORECASE)

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))
  }));
}"""

# What a focus indicator can change: outlines and shadows on the element, its label, or the
# label's ::before (NHS.UK radios and checkboxes draw their ring there), and a link's or
# button's background.
_FOCUS_STYLE = """el => {
  const style = (node, pseudo) => {
    const cs = getComputedStyle(node, pseudo);
    const none = cs.outlineStyle === "none" || cs.outlineWidth === "0px"
      || cs.outlineColor === "rgba(0, 0, 0, 0)";
    const outline = none ? "no outline" : `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
    return outline + " " + cs.boxShadow;
  };
  const parts = [style(el, null), getComputedStyle(el).backgroundColor];
  for (const label of el.labels || []) parts.push(style(label, null), style(label, "::before"));
  return parts.join(" | ");
}"""
_UNLABELLED = """() => {
  const problems = [];
  const seen = new Set();
  for (const el of document.querySelectorAll("[id]")) {
    if (seen.has(el.id)) problems.push(`id "${el.id}" is used more than once`);
    seen.add(el.id);
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!label.control) {
      problems.push(`label for "${label.htmlFor}" (${label.innerText.trim()}) labels nothing`);
    }
  }
  return problems;
}"""
_DESCRIBE = """el => {
  const label = (el.labels && el.labels[0] && el.labels[0].innerText) || el.innerText || el.value || "";
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  return name + " " + JSON.stringify(label.trim().slice(0, 40));
}"""


def give_totp(user: Any) -> str:
    """An authenticator app (and recovery codes), as setting up two-factor authentication gives her.
    Returns the secret her app holds."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str) -> str:
    """The code her authenticator app shows now, as she would type it.

    Codes change every 30 seconds and the server accepts only the current one, so wait for a
    fresh code when this one has under 5 seconds left: a slow machine could otherwise type it late.
    """
    from allauth.mfa.totp.internal.auth import hotp_value

    period = 30
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.1)
    return f"{hotp_value(secret, int(time.time()) // period):06d}"


def markup_in_text(text: str) -> list[str]:
    """Each place where the visible text of a page shows markup, with a few words either side."""
    return [" ".join(text[max(0, m.start() - 30) : m.end() + 30].split()) for m in MARKUP.finditer(text)]


@dataclass
class Stop:
    """Where one press of Tab landed."""

    description: str
    visible: bool


class Visitor:
    def __init__(self, browser: Any, site: str, *, viewport: ViewportSize, name: str = "") -> None:
        self.site = site
        self.name = name
        self.viewport = viewport
        phone = viewport == PHONE
        self.context = browser.new_context(
            base_url=site,
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            locale="en-GB",
            timezone_id=settings.TIME_ZONE,
        )
        # No network here: anything not from the live server is aborted (see the module docstring).
        self.context.route(re.compile(rf"^(?!{re.escape(site)}/)"), self._abort)
        self.context.set_default_timeout(10_000)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))
        self.page.on("load", lambda page: self.loads.append(page.url))
        self.errors: list[str] = []
        self.blocked_fonts: set[str] = set()
        self.loads: list[str] = []
        self.checked = 0

    # -- network and console --------------------------------------------------------------

    def _abort(self, route: Route) -> None:
        request = route.request
        if request.resource_type == "font" or FONT_FILE.search(request.url):
            self.blocked_fonts.add(request.url)
        route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and url in self.blocked_fonts:
            return  # the NHS.UK font from assets.nhs.uk: no network here (see the module docstring)
        self.errors.append(f"{self.page.url}: console error: {message.text} ({url})")

    # -- going places and checking them -----------------------------------------------------

    def login(self, email: str, password: str, *, check: bool = True) -> None:
        """Log in as a person does: the log in page, her email address and password, Enter."""
        self.page.goto("/accounts/login/")
        if check:
            self.check()
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_label("Password").press("Enter")

    def login_as(self, user: Any) -> None:
        """Skip the log in page (for tests about other pages): a session made by Django itself."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": self.site,
                    "httpOnly": True,
                    "secure": settings.SESSION_COOKIE_SECURE,
                    "sameSite": "Lax",
                }
            ]
        )

    def go(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, (
            f"{path} answered {response and response.status}"
        )
        self.check()

    def sees(self, heading: str) -> None:
        """She has arrived on the page with this main heading; check it."""
        expect(self.page.locator("h1")).to_contain_text(heading)
        self.check()

    def check(self) -> None:
        """Check the page she is on: axe finds nothing, and nothing went wrong in the console."""
        self.page.wait_for_load_state("load")
        unchecked = self.loads[self.checked : -1]
        assert unchecked == [], f"pages loaded but never checked by axe: {unchecked}"
        found = self.findings()
        assert found == [], f"on {self.page.url}:\n" + "\n".join(found)

    def findings(self) -> list[str]:
        """What is wrong with the page she is on: axe's violations, labels that label nothing,
        markup shown as text, then console and JavaScript errors."""
        self.page.wait_for_load_state("load")
        self.checked = len(self.loads)
        found, self.errors = self.axe() + self.unlabelled() + self.visible_markup() + self.errors, []
        return found

    def axe(self) -> list[str]:
        """Every WCAG 2.2 A and AA failure axe-core finds on the page, one line each."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, not added as a <script>: the page's
            # Content-Security-Policy refuses inline scripts without its nonce (ADR 0022).
            self.page.evaluate(AXE.read_text())
        found = self.page.evaluate(_RUN_AXE, AXE_TAGS)
        return [
            f"  {v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    - {node}" for node in v["nodes"])
            for v in found
        ]

    def unlabelled(self) -> list[str]:
        """Labels the browser ties to no control, and ids used twice (WCAG 1.3.1, 4.1.2).

        axe checks that a label names a control's id, but not that the browser agrees: when a
        wrapper shares the id, `for` finds the wrapper first and the control goes unnamed.
        """
        found = self.page.evaluate(_UNLABELLED)
        return [f"  {problem}" for problem in found]

    def visible_markup(self) -> list[str]:
        """Markup in the text she reads (innerText: what is shown, not the page's source)."""
        found = markup_in_text(self.page.evaluate("() => document.body.innerText"))
        return [f"  markup shown as text: {snippet!r}" for snippet in found]

    def overflows(self) -> int:
        """How many pixels the page is wider than the window (WCAG 1.4.10 Reflow: none, at 320+)."""
        return int(self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))

    def screenshot(self, name: str, label: str = "") -> Path | None:
        """A full-page screenshot in screenshots/, unless ALONGSIDE_SCREENSHOTS=0."""
        if not TAKE_SCREENSHOTS:
            return None
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}-{label or ('phone' if self.viewport == PHONE else 'desktop')}.png"
        self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    # -- the keyboard ---------------------------------------------------------------------

    def note_unfocused_styles(self) -> None:
        """Remember how every focusable element looks without focus, to compare with each Tab stop."""
        assert self.page.evaluate("document.activeElement === document.body"), "something has focus already"
        self.page.evaluate(
            """styleOf => {
              const style = eval(styleOf);
              window.__unfocused = new Map();
              const all = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
              for (const el of document.querySelectorAll(all)) window.__unfocused.set(el, style(el));
            }""",
            _FOCUS_STYLE,
        )

    def tab(self, key: str = "Tab") -> Stop:
        """Press Tab (or another key that moves focus): where did focus land, and can she see it?"""
        if not self.page.evaluate("window.__unfocused !== undefined"):
            self.note_unfocused_styles()
        self.page.keyboard.press(key)
        found = self.page.evaluate(
            """([styleOf, describeOf]) => {
              const el = document.activeElement;
              const before = window.__unfocused && window.__unfocused.get(el);
              return {description: eval(describeOf)(el),
                      visible: before !== undefined && before !== eval(styleOf)(el)};
            }""",
            [_FOCUS_STYLE, _DESCRIBE],
        )
        return Stop(found["description"], found["visible"])

    def tab_to(self, selector: str, limit: int = 80) -> list[Stop]:
        """Press Tab until an element matching `selector` has focus; every stop must show its focus."""
        stops: list[Stop] = []
        while not self.page.evaluate("s => document.activeElement.matches(s)", selector):
            assert len(stops) < limit, f"{limit} presses of Tab never reached {selector}: {stops[-5:]}"
            stops.append(self.tab())
        hidden = [stop.description for stop in stops if not stop.visible]
        assert hidden == [], f"focus is not visible on {hidden}"
        return stops

    def arrow_to(self, label: str, key: str = "ArrowDown", limit: int = 12) -> None:
        """In a group of radios, press an arrow key until the one labelled `label` is chosen."""
        for _ in range(limit):
            if self.page.evaluate("() => document.activeElement.labels[0].innerText.trim()") == label:
                assert self.page.evaluate("() => document.activeElement.checked"), f"{label} is not chosen"
                return
            stop = self.tab(key)
            assert stop.visible, f"focus is not visible on {stop.description}"
        raise AssertionError(f"{key} never reached {label}")

    def focused(self) -> Locator:
        return self.page.locator(":focus")

    # -- the end ------------------------------------------------------------------------------

    def finish(self) -> None:
        unchecked = self.loads[self.checked :]
        assert unchecked == [], f"{self.name or 'a window'} loaded pages never checked by axe: {unchecked}"
        assert self.errors == [], "\n".join(self.errors)

    def close(self) -> None:
        self.context.close()
