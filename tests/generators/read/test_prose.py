"""Entities read from prose in the document's language when no data model is stated."""

from __future__ import annotations

import pytest

from generators.read import workspace
from generators.read.datamodel.prose import ascii_name


def _entities(prd: str) -> list[str]:
    files = {"config.json": b'{"name": "x"}', "product/prd/prd.md": prd.encode()}
    domain = workspace.read("x", files)
    return [entity.name for entity in domain.entities if entity.origin == "inferred"]


def test_french_stories_give_the_objects_they_act_on() -> None:
    prd = (
        "1. En tant que client, je souhaite réserver un trajet, afin de voyager.\n\n"
        "2. En tant que client, je souhaite consulter mes trajets précédents.\n\n"
        "3. En tant que conducteur, je souhaite accepter ou refuser des demandes des clients.\n\n"
        "4. En tant que conducteur, je souhaite consulter les demandes en attente.\n\n"
        "5. En tant que client, je souhaite marquer un lieu recherché en tant que point de départ.\n\n"
        "6. En tant que client, je souhaite modifier mon profil, afin de le garder à jour.\n"
    )
    found = _entities(prd)
    assert "Trajet" in found
    assert "Demande" in found
    assert not {"Profil", "Depart", "Point", "Lieu"} & set(found)  # generic, or named once


def test_portuguese_requirements_read_the_object_of_an_act() -> None:
    prd = (
        "| Cód. | Requisito |\n|---|---|\n"
        "| RF01 | O sistema deve permitir o agendamento de consultas por pacientes. |\n"
        "| RF02 | O sistema deve permitir o cancelamento de consultas. |\n"
        "| RF03 | O sistema deve registrar prontuários eletrônicos. |\n"
        "| RF04 | Médicos podem consultar prontuários dos pacientes. |\n"
        "| RF05 | O sistema deve garantir a segurança dos dados. |\n"
    )
    found = _entities(prd)
    assert "Consulta" in found
    assert "Prontuario" in found  # an ASCII identifier, the document's word its label
    assert "Seguranca" not in found


def test_turkish_objects_come_before_their_verbs() -> None:
    prd = (
        "Use Case Listesi\n\n"
        "    ✅ Randevu oluşturma, iptal etme\n\n"
        "    ✅ Sipariş ve randevu geçmişini görüntüleme\n\n"
        "    ✅ Ürün siparişi verme ve ödeme yapma\n\n"
        "    ✅ Satılacak ürünleri ekleme\n"
    )
    found = _entities(prd)
    assert {"Randevu", "Siparis", "Urun"} <= set(found)
    assert "Iptal" not in found


def test_vietnamese_nouns_of_two_syllables_stay_whole_and_fields_in_brackets_are_not_records() -> None:
    prd = (
        "- Quản lý khách hàng và nhân viên.\n"
        "- Thêm khách hàng mới (Tên, SĐT, loại).\n"
        "- Xem khách hàng theo ngày.\n"
        "- Đặt sân cho khách hàng.\n"
        "- Quản lý nhân viên (tên, loại).\n"
    )
    found = _entities(prd)
    assert "KhachHang" in found
    assert "NhanVien" in found
    assert not {"Ten", "Loai", "Theo", "Va"} & set(found)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("khách hàng", "KhachHang"),
        ("sipariş", "Siparis"),
        ("işletme", "Isletme"),
        ("prontuário", "Prontuario"),
    ],
)
def test_identifiers_are_ascii(phrase: str, name: str) -> None:
    assert ascii_name(phrase) == name


def test_german_stories_read_the_objects_before_their_infinitives() -> None:
    prd = (
        "## Funktionen\n\n"
        "- Als Kassierer möchte ich Beiträge erfassen und Zahlungen verwalten.\n"
        "- Als Mitglied möchte ich meine Beiträge ansehen.\n"
        "- Als Vorstand möchte ich Rechnungen erstellen.\n"
        "- Als Kassierer möchte ich Rechnungen stornieren.\n"
    )
    files = {"config.json": b'{"name": "x"}', "product/prd/prd.md": prd.encode()}
    domain = workspace.read("x", files)
    found = [entity.name for entity in domain.entities if entity.origin == "inferred"]
    assert found[:2] == ["Beitrag", "Rechnung"]
    assert "Kassierer" not in found  # the story's subject, not its object
    assert {story.role for story in domain.stories} == {"kassierer", "mitglied", "vorstand"}


def test_italian_stories_are_read() -> None:
    prd = "- Come bibliotecario, voglio registrare i prestiti, per sapere chi ha un libro.\n"
    files = {"config.json": b'{"name": "x"}', "product/prd/prd.md": prd.encode()}
    stories = workspace.read("x", files).stories
    assert [(story.role, story.action) for story in stories] == [("bibliotecario", "registrare i prestiti")]


@pytest.mark.parametrize(
    ("prd", "expected"),
    [
        (
            "- Sebagai kasir, saya ingin membuat pesanan baru untuk pelanggan.\n"
            "- Sebagai kasir, saya ingin membatalkan pesanan.\n"
            "- Sebagai pemilik, saya ingin mengelola menu dan harga.\n"
            "- Sebagai pelanggan, saya ingin melihat menu di meja.\n",
            ["Menu", "Pesanan"],  # an order, not the verb "pesan" its lemma would be
        ),
        (
            "- Come cliente, voglio prenotare una lezione, per allenarmi.\n"
            "- Come cliente, voglio annullare una prenotazione.\n"
            "- Come istruttore, voglio vedere le prenotazioni delle mie lezioni.\n"
            "- Come amministratore, voglio creare nuove lezioni.\n",
            ["Lezione", "Prenotazione"],
        ),
    ],
)
def test_indonesian_and_italian_prose(prd: str, expected: list[str]) -> None:
    assert sorted(_entities(prd)) == expected
