import pytest


@pytest.mark.django_db
def test_social_worker_can_open_their_childs_record(login, personas, make_child):
    child = make_child(worker="social.worker", given="Amara", family="Quilliam")
    client = login(personas["social.worker"])
    response = client.get(f"/children/{child.pk}/")
    assert response.status_code == 200
    assert b"Amara Quilliam" in response.content
    listing = client.get("/children/?name=amara+quiliam")
    assert b"QUILLIAM" in listing.content
