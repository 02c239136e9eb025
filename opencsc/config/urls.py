from django.urls import include, path

from opencsc.api.api import api
from opencsc.core import views as core_views

urlpatterns = [
    path("", core_views.root, name="root"),
    path("", include("opencsc.core.urls")),
    path("", include("opencsc.accounts.urls")),
    path("", include("opencsc.people.urls")),
    path("", include("opencsc.casework.urls")),
    path("", include("opencsc.casework.urls_notes")),
    path("", include("opencsc.worklists.urls")),
    path("", include("opencsc.looked_after.urls")),
    path("", include("opencsc.care_leavers.urls")),
    path("", include("opencsc.returns.urls")),
    path("", include("opencsc.oversight.urls")),
    path("", include("opencsc.workforce.urls")),
    path("", include("opencsc.performance.urls")),
    path("api/v1/", api.urls),
]
