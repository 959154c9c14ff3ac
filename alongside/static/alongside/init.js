// Starts NHS.UK frontend's components (header menu, details, error summary...). A file of its own
// rather than an inline script, so the Content-Security-Policy needs no 'unsafe-inline' (ADR 0022).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// A "Print this page" button (data-alongside-print) on the printable pages (ADR 0046).
for (const button of document.querySelectorAll("[data-alongside-print]")) {
  button.addEventListener("click", () => window.print());
}
