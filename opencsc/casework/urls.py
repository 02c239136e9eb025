"""The journey's pages, each under the thing it belongs to (a child, an episode, a plan)."""

from django.urls import path

from .views import assessments, closures, contacts, plans, protection, referrals

app_name = "casework"
urlpatterns = [
    path("contacts/new/", contacts.contact_new, name="contact_new"),
    path("contacts/<int:pk>/", contacts.contact, name="contact"),
    path("children/<int:pk>/referrals/new/", referrals.referral_new, name="referral_new"),
    path("referrals/<int:pk>/", referrals.referral, name="referral"),
    path("referrals/<int:pk>/assessments/new/", assessments.assessment_new,
         name="assessment_new"),
    path("assessments/<int:pk>/", assessments.assessment, name="assessment"),
    path("assessments/<int:pk>/draft/", assessments.assessment_draft, name="assessment_draft"),
    path("assessments/<int:pk>/authorise/", assessments.assessment_authorise,
         name="assessment_authorise"),
    path("referrals/<int:pk>/cin-plans/new/", plans.cin_plan_new, name="cin_plan_new"),
    path("cin-plans/<int:pk>/", plans.cin_plan, name="cin_plan"),
    path("cin-plans/<int:pk>/reviews/new/", plans.cin_plan_review, name="cin_plan_review"),
    path("cin-plans/<int:pk>/end/", plans.cin_plan_end, name="cin_plan_end"),
    path("referrals/<int:pk>/visits/new/", plans.visit_new, name="visit_new"),
    path("referrals/<int:pk>/strategy/new/", protection.strategy_new, name="strategy_new"),
    path("section47/<int:pk>/", protection.section47, name="section47"),
    path("referrals/<int:pk>/conference/new/", protection.conference_new,
         name="conference_new"),
    path("cp-plans/<int:pk>/", protection.cp_plan, name="cp_plan"),
    path("cp-plans/<int:pk>/core-groups/new/", protection.core_group_new,
         name="core_group_new"),
    path("cp-plans/<int:pk>/reviews/new/", protection.cp_review_new, name="cp_review_new"),
    path("cp-plans/<int:pk>/end/", protection.cp_plan_end, name="cp_plan_end"),
    path("referrals/<int:pk>/close/", closures.closure_new, name="closure_new"),
    path("closures/<int:pk>/", closures.closure, name="closure"),
]
