// Passkeys at the second step and on "Add a passkey" (referrals.staff.passkeys_views).
// Everything this needs comes from data attributes: the admin's Content Security Policy allows
// no inline script. Without JavaScript (or WebAuthn) the passkey parts stay hidden and the
// page says so; the code from the app still works for those allowed to use it.
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var padded = base64 + "===".slice((base64.length + 3) % 4);
    var binary = window.atob(padded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function csrfToken(root) {
    var input = root.querySelector("input[name='csrfmiddlewaretoken']") ||
      document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function post(root, url, body) {
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(root) },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.detail || "Something went wrong. Try again.");
          error.code = data.code;
          throw error;
        }
        return data;
      });
    });
  }

  function withNext(root, url) {
    var next = root.getAttribute("data-next");
    return next ? url + "?next=" + encodeURIComponent(next) : url;
  }

  function say(root, message) {
    var box = root.querySelector("[data-passkey-error]");
    box.textContent = message;
    box.hidden = !message;
  }

  function explain(error) {
    if (error && error.name === "NotAllowedError") {
      return "The passkey was not used (cancelled, or it took too long). Try again.";
    }
    if (error && error.name === "InvalidStateError") {
      return "This passkey is already added to your account.";
    }
    return (error && error.message) || "Something went wrong. Try again.";
  }

  function register(root) {
    var field = root.querySelector("input[name='name']");
    return post(root, root.getAttribute("data-begin-url"), { name: field.value })
      .then(function (options) {
        var publicKey = Object.assign({}, options, {
          challenge: toBytes(options.challenge),
          user: Object.assign({}, options.user, { id: toBytes(options.user.id) }),
          excludeCredentials: withIds(options.excludeCredentials),
        });
        return navigator.credentials.create({ publicKey: publicKey });
      })
      .then(function (credential) {
        var response = credential.response;
        return post(root, withNext(root, root.getAttribute("data-complete-url")), {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            clientDataJSON: toBase64url(response.clientDataJSON),
            attestationObject: toBase64url(response.attestationObject),
            transports: response.getTransports ? response.getTransports() : [],
          },
        });
      });
  }

  function authenticate(root) {
    return post(root, root.getAttribute("data-begin-url"))
      .then(function (options) {
        var publicKey = Object.assign({}, options, {
          challenge: toBytes(options.challenge),
          allowCredentials: withIds(options.allowCredentials),
        });
        return navigator.credentials.get({ publicKey: publicKey });
      })
      .then(function (credential) {
        var response = credential.response;
        return post(root, withNext(root, root.getAttribute("data-complete-url")), {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
          clientExtensionResults: credential.getClientExtensionResults(),
          response: {
            clientDataJSON: toBase64url(response.clientDataJSON),
            authenticatorData: toBase64url(response.authenticatorData),
            signature: toBase64url(response.signature),
            userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
          },
        });
      });
  }

  function start(root, ceremony) {
    var button = root.querySelector("[data-passkey-start]");
    var busy = false;
    root.hidden = false;
    document.querySelectorAll("[data-passkey-unavailable]").forEach(function (note) {
      note.hidden = true;
    });
    var go = function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      button.disabled = true;
      say(root, "");
      ceremony(root)
        .then(function (result) {
          window.location.assign(result.redirect_url);
        })
        .catch(function (error) {
          say(root, explain(error));
          busy = false;
          button.disabled = false;
        });
    };
    if (root.tagName === "FORM") {
      root.addEventListener("submit", go);
    } else {
      button.addEventListener("click", go);
    }
  }

  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }
  document.querySelectorAll("[data-passkey-register]").forEach(function (root) {
    start(root, register);
  });
  document.querySelectorAll("[data-passkey-authenticate]").forEach(function (root) {
    start(root, authenticate);
  });
})();
