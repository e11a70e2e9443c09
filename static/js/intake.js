/* Intake forms: progressive enhancement only. Everything works without this file.
 * - "Leave this site quickly": replace the page so Back does not return here; Shift pressed
 *   three times in a row also leaves (GOV.UK "Exit this page").
 * - Error summary: move focus to it so screen readers announce the problems.
 */
(function () {
    "use strict";

    var link = document.querySelector("[data-exit-this-page-link]");
    function leave(event) {
        if (event) { event.preventDefault(); }
        document.body.classList.add("exit-this-page--leaving");
        document.title = "Loading";
        window.location.replace(link.href);
    }
    if (link) {
        link.addEventListener("click", leave);
        var presses = 0;
        var timer = null;
        document.addEventListener("keyup", function (event) {
            if (event.key !== "Shift") { presses = 0; return; }
            presses += 1;
            clearTimeout(timer);
            timer = setTimeout(function () { presses = 0; }, 2000);
            if (presses >= 3) { leave(); }
        });
        // Coming back from the neutral site via the browser cache: do not show the form.
        window.addEventListener("pageshow", function (event) {
            if (event.persisted) { document.body.classList.remove("exit-this-page--leaving"); }
        });
    }

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

    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
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
