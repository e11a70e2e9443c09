/* reCAPTCHA v3 for the intake forms, without inline scripts (CSP).
 * On submit, ask Google for a token and put it in the hidden input, then send the form.
 * If Google does not answer within a few seconds the form is sent anyway: the server saves
 * it and flags it "not verified". A family's form is never held back.
 */
(function () {
    "use strict";
    var input = document.querySelector("input[data-recaptcha-v3]");
    if (!input || !input.form) { return; }
    var form = input.form;
    var sending = false;

    function send() {
        if (sending) { return; }
        sending = true;
        form.submit();
    }

    form.addEventListener("submit", function (event) {
        if (sending || input.value) { return; }
        if (!window.grecaptcha || !window.grecaptcha.ready) { return; }
        event.preventDefault();
        var fallback = setTimeout(send, 5000);
        try {
            window.grecaptcha.ready(function () {
                window.grecaptcha.execute(input.dataset.sitekey, { action: input.dataset.action })
                    .then(function (token) {
                        clearTimeout(fallback);
                        input.value = token;
                        send();
                    }, function () { clearTimeout(fallback); send(); });
            });
        } catch (error) {
            clearTimeout(fallback);
            send();
        }
    });
})();
