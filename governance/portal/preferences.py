"""The person's own page: language and time zone (issue 25), and the header's language switcher."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import check_for_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from governance.teams.services import user_preference_save


def _time_zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_(
            "Your choice applies on every device you sign in on; the browser's language is used otherwise."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), required=False, help_text=_("Dates and times are shown in it.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name, as a person who reads only that one would look for it.
        own_names = [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
        self.fields["language"].choices = [("", _("Follow my browser")), *own_names]
        site_zone = _("Site default (%(zone)s)") % {"zone": settings.TIME_ZONE}
        self.fields["time_zone"].choices = [("", site_zone), *_time_zones()]


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Anyone signed in edits only their own preference, so no other permission applies."""
    saved = getattr(request.user, "preference", None)
    initial = {"language": saved.language if saved else "", "time_zone": saved.time_zone if saved else ""}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_preference_save(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            language = form.cleaned_data["language"]
            response = redirect("portal:preferences")
            if language:
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
            else:  # follow the browser: drop the switcher's cookie, which would otherwise win
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            with translation.override(language or translation.get_language()):  # the page it goes back to
                messages.success(request, gettext("Your preferences were saved."))
            return response
    return render(request, "portal/preferences.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (language cookie, safe `next`), open to everyone; a signed-in person's
    choice is also saved as their preference, so it follows them to other browsers. An unknown code is a
    400, with nothing changed."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES) or not check_for_language(language):
        # Django's view would quietly keep the current language; a wrong value is said to be wrong.
        message = gettext("This language is not offered. Choose one from the list.")
        return render(request, "400.html", {"message": message}, status=400)
    response = django_set_language(request)
    if request.user.is_authenticated:
        user_preference_save(user=request.user, language=language)
    return response
