/* Intake forms: progressive enhancement only. Everything works without this file.
 * ("Leave this site quickly" is on every page: static/js/exit_this_page.js.)
 * - Error summary: move focus to it so screen readers announce the problems.
 */
(function () {
    "use strict";

    // Conditional reveal (GOV.UK): the "other" box shows only when its option is chosen.
    Array.prototype.forEach.call(document.querySelectorAll("input[data-aria-controls]"), function (input) {
        var target = document.getElementById(input.getAttribute("data-aria-controls"));
        if (!target || !input.form) { return; }
        input.setAttribute("aria-controls", target.id);
        function sync() { target.classList.toggle("radios__conditional--hidden", !input.checked); }
        Array.prototype.forEach.call(input.form.querySelectorAll("input[name='" + input.name + "']"), function (radio) {
            radio.addEventListener("change", sync);
        });
        sync();
    });

    // GOV.UK's "prevent double click": a second press within a second is ignored (the server
    // also saves a form sent twice only once).
    Array.prototype.forEach.call(document.querySelectorAll("[data-prevent-double-click]"), function (button) {
        var pressed = 0;
        button.addEventListener("click", function (event) {
            if (Date.now() - pressed < 1000) { event.preventDefault(); return; }
            pressed = Date.now();
        });
    });

    // GOV.UK Frontend's error summary: focusable only while it has the focus it is given.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        if (!summary.hasAttribute("tabindex")) {
            summary.setAttribute("tabindex", "-1");
            summary.addEventListener("blur", function () { summary.removeAttribute("tabindex"); });
        }
        summary.focus();
        summary.addEventListener("click", function (event) {
            var target = event.target.closest("a[href^='#']");
            if (!target) { return; }
            var input = document.getElementById(target.getAttribute("href").slice(1));
            if (!input) { return; }
            event.preventDefault();
            var legend = input.closest("fieldset");
            var label = legend ? legend.querySelector("legend") : document.querySelector("label[for='" + input.id + "']");
            (label || input).scrollIntoView();
            input.focus({ preventScroll: true });
        });
    }
})();
