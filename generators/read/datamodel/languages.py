"""What the prose reader needs to know of each language it reads: which verbs act on records, which
small words stand between a verb and its object, which nouns never name records, and which way
round a verb and its object go.

These are facts of the languages (their articles, their verbs of creating and managing, their words
for "system" and "screen"), not of any product.
"""

from __future__ import annotations

from dataclasses import dataclass

from generators.naming import vocabulary


@dataclass(frozen=True)
class Language:
    """One language as the prose reader reads it."""

    code: str
    """ISO 639-1, as simplemma names it."""
    verbs: frozenset[str]
    """Lemmas of verbs whose object is a record: create, book, record, manage, view, cancel…"""
    skip: frozenset[str]
    """Articles, possessives, quantifiers and auxiliaries between a verb and its object."""
    joins: frozenset[str]
    """Prepositions that tie a noun to the act before it: "agendamento *de* consultas"."""
    ands: frozenset[str]
    """Words that coordinate two objects of one verb."""
    generic: frozenset[str]
    """Nouns (lemmas) that name no record: the system, a screen, information, a search."""
    acts: tuple[str, ...] = ()
    """Endings of nouns that name an act ("-mento", "-tion"): the noun after their join is kept."""
    participles: tuple[str, ...] = ()
    """Endings of past participles: "un lieu recherché" describes the place, nobody searches it."""
    object_first: bool = False
    """The object comes before its verb (Turkish)."""
    lemmas: bool = True
    """simplemma has lemmas for it (Vietnamese is not inflected and has none)."""


FRENCH = Language(
    code="fr",
    verbs=vocabulary(
        "créer ajouter enregistrer réserver commander payer publier envoyer planifier inscrire noter évaluer "
        "gérer consulter voir afficher rechercher chercher annuler accepter refuser modifier supprimer "
        "marquer valider confirmer demander suivre saisir remplir mettre attribuer assigner importer "
        "exporter "
        "télécharger partager archiver choisir sélectionner contacter"
    ),
    skip=vocabulary(
        "un une le la les l' l des du de d' mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs "
        "ce cet cette ces tout tous toute toutes chaque plusieurs autre autres nouveau nouvelle nouveaux "
        "à jour en"
    ),
    joins=vocabulary("de du des d' d"),
    ands=vocabulary("et ou ,"),
    generic=vocabulary(
        "système application appli site page écran interface information donnée liste recherche historique "
        "profil compte utilisateur option fonctionnalité fonction module processus statut état temps date "
        "jour moment fois moyen manière façon possibilité accès sécurité performance détail résultat "
        "point position rapport statistique tableau bord bouton lien message erreur besoin objectif "
        "expérience activité choix part carte map maps excel pdf email mail cas ligne tant prix nom "
        "type taille statut quantité montant"
    ),
    acts=("tion", "ment", "age"),
    participles=("é", "ée", "és", "ées"),
)
PORTUGUESE = Language(
    code="pt",
    verbs=vocabulary(
        "criar adicionar cadastrar registrar agendar marcar reservar solicitar enviar pagar avaliar "
        "gerenciar gerir consultar visualizar ver acessar buscar pesquisar cancelar confirmar editar "
        "alterar atualizar excluir remover aprovar recusar escolher selecionar emitir lançar incluir "
        "disponibilizar monitorar acompanhar definir importar exportar realizar"
    ),
    skip=vocabulary(
        "o a os as um uma uns umas meu minha meus minhas seu sua seus suas nosso nossa nossos nossas "
        "este esta estes estas esse essa esses essas todo toda todos todas cada novo nova novos novas "
        "outro outra outros outras"
    ),
    joins=vocabulary("de do da dos das"),
    ands=vocabulary("e ou ,"),
    generic=vocabulary(
        "sistema aplicativo aplicação site página tela interface informação dado lista busca pesquisa "
        "histórico perfil conta usuário opção funcionalidade função módulo processo status estado tempo "
        "data dia momento vez forma maneira possibilidade acesso segurança desempenho performance detalhe "
        "resultado relatório estatística painel botão link mensagem erro necessidade objetivo "
        "experiência atividade solução realização uso tipo real nome parte nível api whatsapp backup "
        "dispositivo computador falha confirmação presença atualização visualização cancelamento preço "
        "nome tipo tamanho quantidade valor "
        "remarcação busca envio registro ajuste critério prioridade fluxo equipe organização inclusão"
    ),
    acts=("mento", "ção", "ções", "agem"),
    participles=("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"),
)
SPANISH = Language(
    code="es",
    verbs=vocabulary(
        "crear añadir agregar registrar reservar agendar solicitar enviar pagar evaluar gestionar "
        "administrar consultar ver visualizar buscar cancelar confirmar editar modificar actualizar "
        "eliminar borrar aprobar rechazar elegir seleccionar emitir marcar asignar importar exportar "
        "tomar realizar"
    ),
    skip=vocabulary(
        "el la los las un una unos unas mi mis tu tus su sus nuestro nuestra nuestros nuestras este esta "
        "estos estas ese esa esos esas todo toda todos todas cada nuevo nueva nuevos nuevas otro otra "
        "otros otras al"
    ),
    joins=vocabulary("de del"),
    ands=vocabulary("y o ,"),
    generic=vocabulary(
        "sistema aplicación app sitio página pantalla interfaz información dato lista búsqueda historial "
        "perfil cuenta usuario opción funcionalidad función módulo proceso estado tiempo fecha día momento "
        "vez forma manera posibilidad acceso seguridad rendimiento detalle resultado informe reporte "
        "estadística panel menú botón enlace mensaje error necesidad objetivo experiencia actividad "
        "solución uso tipo nombre parte nivel api precio tamaño cantidad valor"
    ),
    acts=("miento", "ción", "ciones", "aje"),
    participles=("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"),
)
ITALIAN = Language(
    code="it",
    verbs=vocabulary(
        "creare aggiungere registrare prenotare richiedere inviare pagare valutare gestire consultare "
        "vedere visualizzare cercare annullare confermare modificare aggiornare eliminare approvare "
        "rifiutare scegliere selezionare assegnare importare esportare"
    ),
    skip=vocabulary(
        "il lo la i gli le un uno una mio mia miei mie suo sua suoi sue nostro nostra questo questa "
        "questi queste ogni tutti tutte nuovo nuova nuovi nuove altro altra altri altre l'"
    ),
    joins=vocabulary("di del della dei degli delle"),
    ands=vocabulary("e o ,"),
    generic=vocabulary(
        "sistema applicazione app sito pagina schermata interfaccia informazione dato lista ricerca "
        "cronologia profilo account utente opzione funzionalità funzione modulo processo stato tempo "
        "data giorno momento volta modo possibilità accesso sicurezza prestazione dettaglio risultato "
        "report statistica pannello pulsante link messaggio errore prezzo nome tipo quantità"
    ),
    acts=("mento", "zione", "zioni"),
    participles=("ato", "ata", "ati", "ate", "ito", "ita", "iti", "ite"),
)
GERMAN = Language(
    code="de",
    verbs=vocabulary(
        "erstellen anlegen hinzufügen buchen reservieren speichern erfassen verwalten ansehen anzeigen "
        "suchen stornieren bestätigen bearbeiten ändern löschen bezahlen bewerten genehmigen ablehnen "
        "auswählen zuweisen importieren exportieren senden beantragen"
    ),
    skip=vocabulary(
        "der die das den dem des ein eine einen einem einer eines mein meine meinen meinem sein seine "
        "ihr ihre unser unsere jeder jede jedes alle neue neuen neuer andere anderen"
    ),
    joins=vocabulary("von der des"),
    ands=vocabulary("und oder ,"),
    generic=vocabulary(
        "system anwendung app seite bildschirm oberfläche information daten liste suche verlauf profil "
        "konto benutzer nutzer option funktion modul prozess status zustand zeit datum tag moment weise "
        "möglichkeit zugriff sicherheit leistung detail ergebnis bericht statistik menü knopf link "
        "nachricht fehler preis name typ größe menge"
    ),
    acts=("ung",),
    object_first=True,  # "möchte ich Rechnungen erstellen": the infinitive comes last
)
INDONESIAN = Language(
    code="id",
    verbs=vocabulary(
        "membuat buat menambah menambahkan tambah mendaftar mendaftarkan mencatat catat memesan pesan "
        "mengelola kelola melihat lihat mencari cari membatalkan batal mengubah ubah menghapus hapus "
        "membayar bayar menyetujui menolak memilih pilih mengirim kirim mengatur atur memantau "
        "mengunggah unggah menyimpan simpan"
    ),
    skip=vocabulary("semua setiap para sebuah seorang baru lain daftar data"),
    joins=frozenset(),
    ands=vocabulary("dan atau ,"),
    generic=vocabulary(
        "sistem aplikasi situs halaman layar antarmuka informasi data daftar pencarian riwayat profil akun "
        "pengguna opsi fitur fungsi modul proses status waktu tanggal hari saat cara akses keamanan "
        "kinerja detail hasil laporan statistik tombol tautan kesalahan harga nama jenis "
        "ukuran jumlah"
    ),
    lemmas=False,  # its lemmas turn derived nouns into verb roots ("pesanan", an order, into "pesan")
)


TURKISH = Language(
    code="tr",
    verbs=vocabulary(
        "oluş oluştur ekle kaydet görüntüle düzenle ver yap al belirle incele yönet sil güncelle gönder "
        "ara izle onayla işaretle kapat aç çıkar denetle yapılandır seç ödemek talep"
    ),
    skip=vocabulary("bir her tüm bütün yeni diğer kendi"),
    joins=frozenset(),
    ands=vocabulary("ve veya ,"),
    generic=vocabulary(
        "sistem uygulama site sayfa ekran arayüz bilgi veri liste arama geçmiş profil hesap kullanıcı "
        "seçenek özellik fonksiyon modül süreç durum zaman tarih gün an şekil erişim güvenlik performans "
        "detay sonuç rapor istatistik menü buton bağlantı hata iptal takip giriş kayıt onay işlem süreç "
        "tespit talep müdahale yönetim ortalama puan konum başkası tatil izin fiyat ad isim tür boyut miktar "
        "çalışma"
    ),
    object_first=True,
)
VIETNAMESE = Language(
    code="vi",
    verbs=vocabulary(
        "tạo thêm đặt ghi nhập quản_lý đăng_ký xem hủy sửa xóa thanh_toán theo_dõi tìm_kiếm tìm cập_nhật "
        "chỉnh_sửa duyệt chọn gửi lưu ghi_nhận lập thu lưu_trữ sửa_chữa sửa_đổi kiểm_tra xác_nhận "
        "thay_đổi ngăn_chặn hoàn_tất"
    ),
    skip=vocabulary("các những một mỗi mọi tất_cả cả mới thông_tin danh_sách"),
    joins=frozenset(),
    ands=vocabulary("và hoặc ,"),
    generic=vocabulary(
        "hệ_thống ứng_dụng trang màn_hình giao_diện thông_tin dữ_liệu danh_sách lịch_sử hồ_sơ tài_khoản "
        "người_dùng chức_năng tính_năng mô_đun quy_trình trạng_thái thời_gian ngày lúc cách quyền báo_cáo "
        "thống_kê nút liên_kết lỗi bước giá giá_cả tên loại kích_thước số_lượng tính"
    ),
    lemmas=False,
)
LANGUAGES = (FRENCH, PORTUGUESE, SPANISH, ITALIAN, GERMAN, INDONESIAN, TURKISH, VIETNAMESE)
BY_CODE = {language.code: language for language in LANGUAGES}
