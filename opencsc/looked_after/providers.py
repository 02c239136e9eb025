"""Reading the register of providers and carers (no child's data: no scope needed)."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Provider


def search(text: str = "", kind: str = "") -> QuerySet[Provider]:
    """Providers matching every word of ``text`` in their name, URN or postcode, and of
    ``kind`` if given; active ones first."""
    found = Provider.objects.all()
    for word in text.split():
        found = found.filter(Q(name__icontains=word) | Q(urn__iexact=word)
                             | Q(postcode__icontains=word))
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("-active", "name", "pk")


def provider(pk: int) -> Provider:
    """One provider of the register, or 404."""
    return get_object_or_404(Provider, pk=pk)
