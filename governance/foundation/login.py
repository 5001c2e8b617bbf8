"""The log-in forms (site and admin) with lock-out after repeated failures, per username and per address."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext

from . import throttling


class ThrottledLoginMixin:
    """Refuse a locked username or address before checking the password; count each wrong password."""

    locked = False

    def _subjects(self) -> list[tuple[throttling.Rule, str]]:
        user_rule, ip_rule = throttling.login_rules()
        username = str(self.cleaned_data.get("username") or "").strip().lower()
        subjects = [(ip_rule, throttling.client_ip(self.request))]
        if username:
            subjects.insert(0, (user_rule, username))
        return subjects

    def clean(self) -> dict[str, Any]:
        subjects = self._subjects()
        locks = [until for rule, subject in subjects if (until := throttling.locked_until(rule, subject))]
        if locks:
            self.locked = True
            raise ValidationError(
                throttling.retry_message(max(locks), gettext("log-in attempts")), code="locked"
            )
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                ends = [throttling.record_failure(rule, subject) for rule, subject in subjects]
                if any(ends):
                    self.locked = True
                    until = max(end for end in ends if end)
                    raise ValidationError(
                        throttling.retry_message(until, gettext("log-in attempts")), code="locked"
                    ) from exc
            raise
        # A success clears the username's count; the address keeps its count, so one valid account
        # cannot be used to keep guessing other people's passwords from the same place.
        for rule, subject in subjects:
            if rule.scope == "login-user":
                throttling.reset(rule, subject)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    """Log out, and say so on the log-in page it leads to."""

    def post(self, request, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, gettext("You are logged out."))
        return response
