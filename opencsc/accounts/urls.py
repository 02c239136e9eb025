from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("login/verify/", views.verify, name="verify"),
    path("logout/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/tokens/", views.create_token, name="create_token"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("administration/", views.administration, name="administration"),
]
