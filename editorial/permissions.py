"""Access to the editors' tools that live outside the admin's own views (markdownx's preview and upload)."""

from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied


def staff_with_any_permission(*permissions):
    """Decorator: anonymous visitors go to the admin login; staff holding none of ``permissions`` get a 403."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not any(request.user.has_perm(permission) for permission in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_member_required(checked)

    return decorator
