"""Service status in the admin: "Alert banners" in the main menu, where editors add, change and
remove the banners shown at the top of every public page (home.models.alerts)."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AlertBanner


class AlertBannerViewSet(SnippetViewSet):
    model = AlertBanner
    icon = "warning"
    menu_label = "Alert banners"
    menu_name = "alert-banners"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["heading", "kind", "starts_at", "ends_at", "status"]
    ordering = ["-starts_at", "-pk"]
