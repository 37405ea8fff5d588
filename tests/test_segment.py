"""Sentence splitting, sections and line numbers.

The tables hold real sentences copied from the seed articles: each case's
paragraph is checked to occur verbatim in the seed file, so the tables cannot
drift from the data. The few rules the seeds have no example of (Norwegian
"bl.a.", "f.eks.", "ca.", "!", a digit-led sentence...) are covered by cases
marked *constructed*, written in the seeds' vocabulary.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.languages import LanguageData, load_language
from checker.segment import load_article, segment_text, split_sentences
from tests.helpers import SEEDS


def split(text: str, lang: LanguageData) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, lang)]


def seed_text(code: str) -> str:
    return (SEEDS / f"{code}.txt").read_text("utf-8")


# Each case: (id, sentences as they appear in the seed, separated by one space).
NB_SEED_CASES = [
    (
        "glued dual date, ordinals",
        [
            "Josef Dzjugasjvili ble født 6. desemberjul./ 18. desember 1878greg. i Gori i "
            "Georgia i Kaukasus i 1878.",
            "Hans fødested Gori var del av Det russiske riket.",
        ],
    ),
    (
        "year before a capitalised sentence",
        [
            "I 1930-årene iverksatte han omfattende utrenskninger, som toppet seg i 1937.",
            "Ettersom mange bønder motsatte seg tvangskollektiviseringen av landbruket, satte "
            "Stalins regime inn brutale maktmidler mot «kulakkene», og sultet millioner til døde.",
            "I hungersnøden i 1932–1933 mistet omtrent seks millioner mennesker livet.",
        ],
    ),
    (
        "Cyrillic and Georgian inside a sentence, guillemets before the dot",
        [
            "Stalin het opprinnelig Josef (Iosef eller Iosif) Vissarionovitsj Dzjugasjvili "
            "(russisk: Иосиф Виссарионович Джугашвили, georgisk: იოსებ ბესარიონის ძე ჯუღაშვილი "
            "Ioseb Besarionis Dze Jughashvili).",
            "Moren brukte kjælenavnet «Soso».",
        ],
    ),
    (
        "initials K. and St. before a capitalised word",
        [
            "I 1907 signerte han avisartikler i Baku med «K. Kato».",
            "Tidlig på 1900-tallet brukte han også det georgiske navnet «Besosjvili».",
            "Da han var i St. Petersburg i 1911 brukte han navnet «Tsjitsjikov», trolig lånt "
            "fra Gogols roman Døde sjeler.",
        ],
    ),
    (
        "middle initial, Cyrillic and Georgian",
        [
            "En hypotese, lansert av Stalin-forskeren Robert C. Tucker, er at han med dette "
            "viste at han var en lojal disippel av Lenin.",
            "Hans navn skrives på russisk: Иосиф Виссарионович Сталин og georgisk: იოსებ "
            "სტალინი Iosseb Stalini.",
        ],
    ),
    (
        "ordinal dates before a capitalised sentence",
        [
            "Han ble anholdt på nytt i september 1911 noe som hindret ham i å delta på "
            "bolsjevikenes konferanse i Praha 5. januar 1912.",
            "I mai 1912 kom han tilbake til St. Petersburg.",
            "I juli 1912 ble han sendt til Vest-Sibir og flyktet tilbake til St. Petersburg "
            "i september, en dag skal han ganske enkelt ha gått om bord på en elvedamper og "
            "tok toget videre til Tomsk der han skaffet seg dokumenter under navnet Stefan "
            "Papadopulos.",
        ],
    ),
    (
        "ordinal then month then end",
        [
            "Kvelden 1. mars våget medlemmer av Politbyåret å ta seg inn og fant Stalin lammet "
            "på høyre side og han snakket usammenhengende.",
            "Han mistet bevisstheten 3. mars.",
            "Han døde 5. mars 1953, 74 år gammel.",
            "Begravelsesseremonien fulgte den 9. mars.",
        ],
    ),
    (
        "decimal comma",
        [
            "Mellom september 1936 og desember 1938 ble anslagsvis 1,5 millioner mennesker "
            "henrettet, halvparten av dem i henhold til formell domfellelse.",
            "Jens Petter Nielsen oppgir anslaget 2-3 millioner døde under terroren i 1930-årene.",
        ],
    ),
    (
        "bracketed elisions inside a quotation",
        [
            "«Ethvert folk – tsjetsjenerne, ingusjeterne, osseterne, karbadinerne, balkarene, "
            "[…] må ha sine egne sovjeter.",
            "[…] Dersom det skulle vise seg at Sharialoven er nødvendig, da får man ha "
            "sharialoven.",
        ],
    ),
    (
        "citation-needed note glued to the dot",
        [
            "Den menneskelige kontakt mellom de to sviktet i begynnelsen av 1930-årene på grunn "
            "av forholdene i Sovjetunionen.[trenger referanse]",
            "Nadjesjda Allilujeva tok sitt eget liv i november 1932 etter en høylytt krangel "
            "med Stalin.",
        ],
    ),
    (
        "sentence in parentheses",
        [
            "Han kom tilbake til St Petersburg i februar 1913 og møtte Molotov (født Skrjabin) "
            "for første gang.",
            "(Molotov var Stalins nærmeste allierte fra tidlig 1920-tall og Stalins fortrukne "
            "etterfølger.)",
        ],
    ),
    (
        "spaced initials J. V.",
        [
            "Arkivert 28. september 2007 hos Wayback Machine., artikkel av J. V. Stalin i "
            "«Pravda» 7. november 1927.",
        ],
    ),
]

ID_SEED_CASES = [
    (
        "K.J. dual date, then a new sentence",
        [
            "Stalin dilahirkan dengan nama Ioseb Jughashvili di kota Gori, Georgia pada tanggal "
            "18 Desember [K.J.: 6 Desember] 1878.",
            'Stalin merupakan anak dari Besarion "Beso" Jughashvili dan Ekaterine "Keke" '
            "Geladze, yang menikah pada Mei 1872, dan sempat memiliki dua anak yang meninggal "
            "pada saat bayi sebelum Stalin lahir.",
        ],
    ),
    (
        "thousands separator, quotes before the dot",
        [
            "Gori pada masa itu merupakan bagian dari Kekaisaran Rusia dan kota ini sendiri "
            "merupakan tempat tinggal bagi 20.000 penduduk yang mayoritas merupakan orang Georgia "
            "dengan minoritas orang Armenia, Rusia dan Yahudi.",
            "Stalin dibaptis pada tanggal 29 Desember.",
            'Nama panggilannya adalah "Soso", bentuk diminutif dari "Ioseb".',
        ],
    ),
    (
        "question mark glued to a dot",
        [
            "Stalin bergabung dengan sebuah klub buku terlarang yang aktif di sekolah dan ia "
            "sangat dipengaruhi oleh novel-pro-revolusioner tahun 1863 karya Nikolay "
            "Chernyshevsky yang berjudul Apa Yang Akan Dilakukan?.",
            "Buku lainnya yang berpengaruh terhadap pribadi Stalin adalah Patrisida karya "
            'Alexander Kazbegi, dan Stalin bahkan menyebut dirinya dengan julukan "Koba" yang '
            "berasal dari karakter protagonis bandit dalam buku tersebut.",
        ],
    ),
    (
        "initial inside quotes",
        [
            'Artikel tersebut diterbitkan dengan nama samaran "K. Stalin", sebuah nama yang ia '
            "pakai sejak tahun 1912.",
            "Nama ini mungkin berasal dari kata baja (stal) dalam bahasa Rusia, dan telah "
            'diterjemahkan menjadi "Pria Baja".',
        ],
    ),
    (
        "spaced initials H. G.",
        [
            "Ia secara pribadi bertemu dengan sejumlah pengunjung dari Barat, termasuk George "
            "Bernard Shaw dan H. G. Wells, yang merasa terkesan dengan Stalin.",
            "Melalui organisasi Komunis Internasional, pemerintahan Stalin berpengaruh besar "
            "terhadap partai-partai Marxis lainnya di dunia.",
        ],
    ),
    (
        "exclamation inside closing quote",
        [
            "Pada tahun 1929, putranya Yakov gagal melakukan bunuh diri; kegagalan ini membuat "
            'kesal Stalin, dan konon Stalin malah berkata "Ia bahkan tidak bisa menembak lurus!"',
            "Hubungannya dengan Nadya juga memburuk akibat perselisihan dan gangguan kejiwaan "
            "yang diidap oleh Nadya.",
        ],
    ),
    (
        "No. before a number; a digit-led sentence",
        [
            "Pada bulan tersebut, Stalin dan Yezhov menandatangani Perintah No. 00447, yang "
            "mencantumkan nama 268.950 orang untuk ditangkap, dan 75.950 di antaranya dihukum "
            "mati.",
        ],
    ),
    (
        "decimal comma, then a sentence that starts with a number",
        [
            "Pada tahun-tahun tersebut, sekitar 1,6 juta orang ditangkap.",
            "700.000 orang ditembak, dan sejumlah orang yang tidak diketahui jumlahnya tewas "
            "akibat penyiksaan oleh NKVD.",
        ],
    ),
    (
        "No. 270 inside a long sentence",
        [
            "Stalin bahkan mengeluarkan Perintah No. 270 yang memerintahkan kepada prajurit yang "
            "terancam akan ditangkap musuh untuk melakukan bunuh diri atau berjuang sampai mati, "
            "dan menyatakan bahwa mereka yang tertangkap adalah seorang pengkhianat; salah satu "
            "orang yang ditawan oleh Jerman adalah putra Stalin, Yakov, yang akhirnya menjemput "
            "ajal di tahanan.",
            "Stalin mengeluarkan Perintah No. 227 pada Juli 1942 yang menyatakan bahwa pasukan "
            'yang mundur akan ditempatkan di "batalion-batalion hukuman" yang dikerahkan di '
            "barisan depan.",
        ],
    ),
    (
        "middle initials and decimals",
        [
            "Sejarawan dan peneliti arsip, Stephen G. Wheatcroft, menisbahkan sekitar 3 juta "
            "korban jiwa kepada rezim Stalin, sudah termasuk korban jiwa dari tindakan kejahatan "
            "akibat kelalaian namun belum termasuk korban jiwa akibat bencana kelaparan, yang "
            "menurut perkiraannya dan perkiraan sejarawan R. W. Davies mencapai kisaran angka "
            "5,5 sampai 6,5 juta.",
            "Sejarawan Amerika, Timothy D. Snyder, mengemukakan bahwa jika rezim Nazi menewaskan "
            "11–12 juta orang yang tidak ikut bertempur, maka rezim Stalin hanya bertanggung "
            "jawab atas tewasnya sekitar 6–9 juta orang, dan dengan demikian menafikan "
            "klaim-klaim yang mengatakan bahwa Stalin menewaskan lebih banyak orang dibanding "
            "Hitler.",
        ],
    ),
    (
        "ellipsis before a lower-case word",
        [
            'Menurut sejarawan Oleg Khlevniuk, Stalin "memenuhi sebuah peranan yang penting '
            "[dalam Revolusi Oktober]... sebagai seorang Bolshevik senior, anggota Komite Pusat "
            'partai, dan penyunting surat kabar utamanya".',
        ],
    ),
]

# Rules the seeds have no example of: constructed sentences in the seeds' vocabulary.
NB_CONSTRUCTED_CASES = [
    (
        "digit-led sentence after a year",
        ["Stalin ble generalsekretær i 1922.", "1930-årene var preget av utrenskninger."],
    ),
    (
        "abbreviations bl.a., f.eks., ca., dr. before capitals and numbers",
        [
            "Blant de drepte var bl.a. Bukharin og f.eks. Zinovjev, ca. 1,5 millioner i alt.",
            "Legen dr. Vinogradov ble arrestert.",
        ],
    ),
    (
        "ordinals before lower-case words",
        ["Den 3. mai kom han til Moskva, og under 2. verdenskrig ledet han landet."],
    ),
    ("initials V. I. and J.V.", ["V. I. Lenin og J.V. Stalin møttes i 1905.", "De ble venner."]),
    (
        "decimal point and dot thousands separator",
        ["Tapene var 3.5 ganger større, omtrent 700.000 mann.", "Det var mange."],
    ),
    ("exclamation and question", ["Hvor mange døde?", "Ingen vet!", "Anslagene varierer."]),
    ("ellipsis before a capital", ["Han tidde …", "Så talte han."]),
    ("closing guillemet after the dot", ["Han sa: «Vi skal vinne.»", "Det gjorde de."]),
    ("sentence-final abbreviation", ["Han leste Marx, Engels osv.", "Senere skrev han selv."]),
    (
        "glued dual date before a capitalised sentence",
        ["Han ble født 6. desemberjul./ 18. desember 1878greg.", "Faren var skomaker."],
    ),
    ("capitalised month after a day number", ["Han døde 5. Mars 1953 i Kuntsevo."]),
    ("Cyrillic capital starts a sentence", ["Navnet var Сталин.", "Сталин betyr stålmann."]),
]

ID_CONSTRUCTED_CASES = [
    (
        "sentence-final dll. before a capital",
        ["Ia membaca karya Marx, Engels, dll.", "Ia lalu menulis sendiri."],
    ),
    (
        "abbreviations dr. and a.l. before capitals",
        ["Ia diperiksa oleh dr. Vinogradov dan a.l. Dokter Kremlin."],
    ),
]


def _case_params(cases: list[tuple[str, list[str]]]) -> list[object]:
    return [pytest.param(sentences, id=name) for name, sentences in cases]


@pytest.mark.parametrize("sentences", _case_params(NB_SEED_CASES))
def test_split_nb_seed_paragraphs(sentences: list[str]) -> None:
    paragraph = " ".join(sentences)
    assert paragraph in seed_text("nb"), "the case must be copied verbatim from the seed"
    assert split(paragraph, load_language("nb")) == sentences


@pytest.mark.parametrize("sentences", _case_params(ID_SEED_CASES))
def test_split_id_seed_paragraphs(sentences: list[str]) -> None:
    paragraph = " ".join(sentences)
    assert paragraph in seed_text("id"), "the case must be copied verbatim from the seed"
    assert split(paragraph, load_language("id")) == sentences


@pytest.mark.parametrize("sentences", _case_params(NB_CONSTRUCTED_CASES))
def test_split_nb_constructed(sentences: list[str]) -> None:
    assert split(" ".join(sentences), load_language("nb")) == sentences


@pytest.mark.parametrize("sentences", _case_params(ID_CONSTRUCTED_CASES))
def test_split_id_constructed(sentences: list[str]) -> None:
    assert split(" ".join(sentences), load_language("id")) == sentences


def test_split_keeps_spacing_of_the_line() -> None:
    """Two spaces between sentences, as in the seed's last line: spans still exact."""
    line = seed_text("nb").splitlines()[252]
    sentences = split(line, load_language("nb"))
    assert sentences[:2] == [
        "(no) Oktoberrevolusjonens internasjonale karakter.",
        "Til tiårsdagen for Oktober.",
    ]
    assert sentences[2].startswith("Arkivert 28. september 2007")


def test_split_empty_and_blank() -> None:
    nb = load_language("nb")
    assert split_sentences("", nb) == []
    assert split_sentences("   \t ", nb) == []
    assert split("  Én setning uten punktum  ", nb) == ["Én setning uten punktum"]


# -- property ---------------------------------------------------------------

_TRICKY = st.text(
    alphabet=st.sampled_from(list(" \t\u00a0.!?…«»\"'()[]:/–-,0123456789aZæØИиიKJ.")),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=300), _TRICKY), code=st.sampled_from(["nb", "id"]))
def test_split_spans_are_well_formed(text: str, code: str) -> None:
    spans = split_sentences(text, load_language(code))
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece.strip() == piece != ""
        previous_end = end


# -- sections and lines -----------------------------------------------------


def test_sections_follow_heading_levels() -> None:
    text = "\n".join(
        [
            "Ingressen.",
            "== Liv ==",
            "Om livet.",
            "=== Barndom ===",
            "Om barndom.",
            "==== Skole ====",
            "Om skolen.",
            "=== Ungdom ===",
            "Om ungdom.",
            "== Død ==",
            "",
            "Om døden.",
        ]
    )
    sentences = segment_text(text, load_language("nb"))
    assert [(s.section, s.text, s.line) for s in sentences] == [
        ("", "Ingressen.", 1),
        ("Liv", "Om livet.", 3),
        ("Liv > Barndom", "Om barndom.", 5),
        ("Liv > Barndom > Skole", "Om skolen.", 7),
        ("Liv > Ungdom", "Om ungdom.", 9),
        ("Død", "Om døden.", 12),
    ]
    assert [s.index for s in sentences] == list(range(6))


def test_crlf_line_endings_keep_line_numbers_and_offsets() -> None:
    sentences = segment_text("Første. Andre.\r\n\r\n== Del ==\r\nTredje.\r\n", load_language("nb"))
    assert [(s.line, s.start, s.text, s.section) for s in sentences] == [
        (1, 0, "Første.", ""),
        (1, 8, "Andre.", ""),
        (4, 0, "Tredje.", "Del"),
    ]


@pytest.mark.parametrize(
    ("code", "low", "high", "first_section"),
    [("nb", 540, 640, "Navn"), ("id", 880, 1000, "Riwayat awal > Masa kecil: 1878–1899")],
)
def test_seed_articles_load_with_exact_lines(
    code: str, low: int, high: int, first_section: str
) -> None:
    path = SEEDS / f"{code}.txt"
    article = load_article(path)  # language detected
    assert article.lang == code
    assert article.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    lines = path.read_text("utf-8").split("\n")
    assert low <= len(article.sentences) <= high
    for index, sentence in enumerate(article.sentences):
        assert sentence.index == index
        line = lines[sentence.line - 1]
        assert line[sentence.start : sentence.start + len(sentence.text)] == sentence.text
        assert sentence.text == sentence.text.strip() != ""
        assert not line.lstrip().startswith("==")
    assert article.sentences[0].line == 1
    assert article.sentences[0].section == ""
    assert first_section in {s.section for s in article.sentences}


def test_seed_sentence_found_by_line_and_section() -> None:
    article = load_article(SEEDS / "nb.txt", "nb")
    born = next(s for s in article.sentences if "1878greg." in s.text)
    assert born.line == 18
    assert born.start == 0
    assert born.section == "Liv og familie > Barndom og familiebakgrunn"
    assert born.text.endswith("i Kaukasus i 1878.")
