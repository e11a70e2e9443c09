/* "Leave this site quickly" (GOV.UK "Exit this page"), on every public page. Progressive
 * enhancement: without this file the link goes to /leave/, which forgets the answers in
 * progress and redirects to the neutral site.
 * With it: a beacon asks /leave/ to forget the answers, then the page replaces itself with the
 * neutral site, so Back does not come back here. Shift pressed three times also leaves.
 */
(function () {
    "use strict";

    var link = document.querySelector("[data-exit-this-page-link]");
    if (!link) { return; }
    var neutralSite = link.getAttribute("data-exit-url");
    var leaving = false;

    function leave(event) {
        if (event) { event.preventDefault(); }
        if (leaving) { return; }
        leaving = true;
        document.body.classList.add("exit-this-page--leaving");
        document.title = link.getAttribute("data-leaving-title") || document.title;
        var sent = false;
        try {
            sent = Boolean(navigator.sendBeacon) && navigator.sendBeacon(link.href);
        } catch (error) {
            sent = false;
        }
        // If the beacon could not be queued, go through /leave/ itself: it forgets the
        // answers and redirects to the same neutral site.
        window.location.replace(sent && neutralSite ? neutralSite : link.href);
    }

    link.addEventListener("click", leave);

    var presses = 0;
    var timer = null;
    document.addEventListener("keyup", function (event) {
        if (event.key !== "Shift") { presses = 0; return; }
        presses += 1;
        clearTimeout(timer);
        timer = setTimeout(function () { presses = 0; }, 2000);
        if (presses >= 3) { presses = 0; leave(); }
    });

    var shiftHint = document.querySelector("[data-exit-this-page-shift]");
    if (shiftHint) { shiftHint.hidden = false; }

    // Coming back from the neutral site through the browser's cache: show the page again.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            leaving = false;
            document.body.classList.remove("exit-this-page--leaving");
        }
    });
})();
