/*
 * The Wagtail admin without inline scripts (home.wagtail_hooks).
 *
 * Wagtail 8 still starts its date and time pickers, its inline panels and its choosers with an
 * inline <script> each. The admin's Content Security Policy refuses inline scripts, so our templates
 * (home/templates/wagtailadmin/widgets/, vig_admin/) and home.admin_scripts carry the same calls as data attributes,
 * and this file makes them: once the page has loaded, and for any part of the page added later
 * (a new inline panel child, a dialog).
 */
(function () {
    "use strict";

    // The chooser classes Wagtail puts on window (home.admin_scripts.CONSTRUCTORS).
    var CHOOSERS = ["Chooser", "PageChooser", "ImageChooser", "DocumentChooser", "SnippetChooser"];

    var STARTERS = {
        initDateChooser: function (element, config) {
            window.initDateChooser(element.dataset.vigFor, config);
        },
        initTimeChooser: function (element, config) {
            window.initTimeChooser(element.dataset.vigFor, config);
        },
        initDateTimeChooser: function (element, config) {
            window.initDateTimeChooser(element.dataset.vigFor, config);
        },
        chooser: function (element, config) {
            var constructor = element.dataset.vigConstructor;
            if (CHOOSERS.indexOf(constructor) !== -1) {
                return new window[constructor](element.dataset.vigFor, config);
            }
        },
        createTaskChooser: function (element) {
            window.createTaskChooser(element.dataset.vigFor);
        },
        InlinePanel: function (element, config) {
            return new window.InlinePanel(config);
        },
        MultipleChooserPanel: function (element, config) {
            return new window.MultipleChooserPanel(config);
        },
        // wagtail-localize's translation editor: where its choosers open.
        chooserUrls: function (element, config) {
            if (typeof window.chooserUrls === "undefined") {
                window.chooserUrls = config;
            }
        },
        // wagtail-localize's "Translate" form: "select all" ticks every language.
        selectAllLocales: function () {
            var selectAll = document.querySelector('[name="select_all"]');
            if (!selectAll) {
                return;
            }
            selectAll.addEventListener("change", function () {
                document.querySelectorAll('[name="locales"]').forEach(function (box) {
                    box.checked = selectAll.checked;
                });
            });
        }
    };

    function start(element) {
        var starter = STARTERS[element.dataset.vigInit];
        if (!starter || element.dataset.vigStarted) {
            return;
        }
        // Inside a <template>'s clone the id still says __prefix__ until Wagtail fills it in.
        if ((element.dataset.vigFor || "").indexOf("__prefix__") !== -1) {
            return;
        }
        element.dataset.vigStarted = "true";
        starter(element, JSON.parse(element.dataset.vigConfig || "{}"));
    }

    function startWithin(node) {
        if (node.nodeType !== Node.ELEMENT_NODE) {
            return;
        }
        if (node.matches("[data-vig-init]")) {
            start(node);
        }
        node.querySelectorAll("[data-vig-init]").forEach(start);
    }

    function begin() {
        startWithin(document.body);
        new MutationObserver(function (changes) {
            changes.forEach(function (change) {
                change.addedNodes.forEach(startWithin);
            });
        }).observe(document.body, { childList: true, subtree: true });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", begin);
    } else {
        begin();
    }
})();
