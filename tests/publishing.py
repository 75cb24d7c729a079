"""Publishing in tests as a reviewer does: new work in the admin or an import is a draft."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.review import move


def a_reviewer():
    user, made = get_user_model().objects.get_or_create(
        username="rita", defaults={"first_name": "Rita", "last_name": "Reviewer", "is_staff": True}
    )
    if made:
        user.groups.add(Group.objects.get(name="Reviewers"))
    return user


def publish(*objects):
    """Publish each object as a second person, a reviewer, would."""
    reviewer = a_reviewer()
    return [move(obj, "publish", reviewer) for obj in objects]


def publish_all(queryset):
    """Publish every draft of the queryset (what an import made)."""
    return publish(*queryset.exclude(status="published"))
