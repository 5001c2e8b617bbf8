from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from governance.foundation.admin_rules import HistoryAdmin, NoDeleteMixin, ViewOnlyMixin

from . import webhooks
from .models import MailFailure, Notification, NotificationPreference, WebhookDelivery, WebhookEndpoint


@admin.register(Notification)
class NotificationAdmin(ViewOnlyMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ("id", "kind", "title", "recipient", "created_at", "read_at", "mail")
    list_filter = ("kind", "mail")
    # digest_key: the part of a digest's Message-ID after the user, to find which digest an item went in.
    search_fields = ("title", "event_key", "recipient__username", "digest_key")
    list_select_related = ("recipient",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ViewOnlyMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "delivery", "updated_at")
    list_filter = ("kind", "delivery")
    list_select_related = ("user",)


@admin.register(MailFailure)
class MailFailureAdmin(ViewOnlyMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ("created_at", "what", "error")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(NoDeleteMixin, HistoryAdmin):  # deliveries name it; disable instead
    list_display = ("name", "url", "is_active", "consecutive_failures", "created_at")
    list_filter = ("is_active",)
    exclude = ("secret",)
    actor_fields = ("created_by",)
    readonly_fields = ("url", "events", "consecutive_failures", "disabled_reason")

    def has_add_permission(self, request) -> bool:
        return False  # added on the product's page, which checks the URL and the events


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ViewOnlyMixin, NoDeleteMixin, admin.ModelAdmin):
    list_display = ("event", "event_id", "endpoint", "status", "response_code", "duration_ms", "attempts")
    list_filter = ("status", "event")
    list_select_related = ("endpoint",)
    actions = ["redeliver"]

    @admin.action(description=_("Redeliver (same event id)"))
    def redeliver(self, request, queryset) -> None:
        for delivery in queryset.select_related("endpoint"):
            try:
                webhooks.delivery_redeliver(actor=request.user, delivery=delivery)
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{delivery}: {exc}", messages.ERROR)
