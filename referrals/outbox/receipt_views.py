"""The delivery-receipt callback GOV.UK Notify calls (referrals.outbox.receipts).

Notify POSTs JSON with a bearer token we chose (NOTIFY_CALLBACK_TOKEN, set in Notify's callback
settings). Without a configured token every call is refused. The body carries the family's
number: it is read for the id and status only, and never logged or stored.
"""

import hmac
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from referrals.outbox.receipts import record_delivery

BEARER = "Bearer "


def _authorised(request):
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith(BEARER):
        return False
    return hmac.compare_digest(given[len(BEARER) :].encode(), expected.encode())


@csrf_exempt  # a machine's call, authenticated by its bearer token instead
@never_cache
@require_POST
def delivery_receipt(request):
    if "Authorization" not in request.headers:
        response = HttpResponse("A bearer token is required.", status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if not _authorised(request):
        return HttpResponseForbidden("Not a valid token.")
    try:
        receipt = json.loads(request.body)
        provider_id, status = str(receipt["id"]), str(receipt["status"])
        reference = str(receipt.get("reference") or "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse({"error": "Expected JSON with an id and a status."}, status=400)
    record_delivery(provider_message_id=provider_id, reference=reference, status=status)
    return JsonResponse({"ok": True})
