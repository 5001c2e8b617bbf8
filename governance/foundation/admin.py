"""People and role groups in the admin, without delete.

The history names people as the actors of every change (history_user): deleting a user would blank who did
it, so a person who leaves is deactivated instead. The two site-wide role groups carry no history of their
own, but deleting one silently takes a role from everyone in it.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from .admin_rules import NoDeleteMixin


class NoDeleteUserAdmin(NoDeleteMixin, UserAdmin):
    pass


class NoDeleteGroupAdmin(NoDeleteMixin, GroupAdmin):
    pass


for model, model_admin in ((get_user_model(), NoDeleteUserAdmin), (Group, NoDeleteGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
